-- The villages of the tree for the sweep's monthly 一肩挑 counts (cadre area): a partial btree the planner reads for
-- "unit_level = 'village' and status = 'active'" without a path condition (the GiST one of 20261231T1600 serves only
-- path operators; the lists use the org path index anyway).
drop index org_village_path_idx;
create index org_village_idx on org (id) where unit_level = 'village' and status = 'active';

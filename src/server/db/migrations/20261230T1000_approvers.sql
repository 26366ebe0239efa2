-- Approvers as roles on the tree (issue 11, ../shared/domain-rules.md §2 "Approvers"). An organisation may hold the
-- authority to approve member development (有审批发展党员权限的基层党委), granted by the level above; a temporary
-- organisation (临时党组织) and a village- or community-level organisation (村级 / 社区级党组织) never may (细则 [C]).
-- A development step that a higher organisation decides (预审, 谈话, 审批, 转正审批, 延长/取消, 备案) names it.
alter table org add column approval_authority boolean not null default false;
alter table org add column temporary boolean not null default false;
alter table org add column unit_level text check (unit_level in ('village', 'community'));
alter table org add constraint org_approval_authority_check check (
  not approval_authority or (not temporary and unit_level is null and type in ('committee', 'working_committee')));
alter table development_step add column decider_org_id integer references org (id);

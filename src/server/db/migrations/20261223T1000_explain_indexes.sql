-- Indexes that src/server/db/explain.test.ts found missing on the city profile: every statement of every route reads
-- the tables that grow with the tree through an index (issue 8, "No request scans the whole tree").
-- A deployment's problems (its page and the deployment list count them).
create index problem_deployment_idx on problem (deployment_id);
-- A task's linked problems (the task page).
create index problem_task_task_idx on problem_task (task_id);
-- Whether a person has an account (committee accounts, the member page).
create index app_user_person_idx on app_user (person_id) where person_id is not null;
-- Accounts found by name (the account list's search: any part of the username or display name).
create index app_user_username_trgm on app_user using gin (username gin_trgm_ops);
create index app_user_display_name_trgm on app_user using gin (display_name gin_trgm_ops);
-- Work assigned by the organisations of a subtree (the assignment list holds what its subtree received or gave).
create index assignment_assigner_idx on assignment (assigner_org_id);
-- The authentication log, newest first (keyset paging on at, id).
create index auth_event_at_id_idx on auth_event (at desc, id desc);
-- The roll in name order (the member list's default sort, keyset paging on name_pinyin, name, id).
create index person_name_order_idx on person (name_pinyin, name, id);

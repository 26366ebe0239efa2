-- A supervision's subject may name the deployments it checks (a 专项督查 of how a meeting's deployment is carried out),
-- besides its tasks.
create table supervision_deployment (
  supervision_id integer not null references supervision (id),
  deployment_id integer not null references deployment (id),
  primary key (supervision_id, deployment_id)
);
create index supervision_deployment_deployment_idx on supervision_deployment (deployment_id);

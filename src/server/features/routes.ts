import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { assignmentsRoutes } from './assignments/assignments.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { deployRoutes } from './deploy/deploy.routes.ts';
import { hubRoutes } from './hub/hub.routes.ts';
import { lifeRoutes } from './life/life.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { orgRoutes } from './org/org.routes.ts';
import { developmentRoutes } from './people/development.routes.ts';
import { duesRoutes, floatingRoutes } from './people/dues.routes.ts';
import { peopleRoutes } from './people/people.routes.ts';
import { rosterRoutes } from './people/roster.routes.ts';
import { rectifyRoutes } from './rectify/rectify.routes.ts';
import { reportRoutes } from './report/report.routes.ts';
import { responsibilityRoutes } from './responsibility/responsibility.routes.ts';
import { rulesRoutes } from './rules/rules.routes.ts';
import { burdenRoutes } from './supervise/burden.routes.ts';
import { instructionRoutes } from './supervise/instruction.routes.ts';
import { superviseRoutes } from './supervise/supervise.routes.ts';
import { tasksRoutes } from './tasks/tasks.routes.ts';
import { usersRoutes } from './users/users.routes.ts';

/** Each area's routes, registered in one place so that the route table is complete. */
export async function registerFeatureRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await authRoutes(app, services);
  await orgRoutes(app, services);
  await peopleRoutes(app, services);
  await rosterRoutes(app, services);
  await developmentRoutes(app, services);
  await duesRoutes(app, services);
  await floatingRoutes(app, services);
  await usersRoutes(app, services);
  await auditRoutes(app, services);
  await deployRoutes(app, services);
  await tasksRoutes(app, services);
  await assignmentsRoutes(app, services);
  await rectifyRoutes(app, services);
  await superviseRoutes(app, services);
  await instructionRoutes(app, services);
  await burdenRoutes(app, services);
  await lifeRoutes(app, services);
  await responsibilityRoutes(app, services);
  await reportRoutes(app, services);
  await notificationsRoutes(app, services);
  await hubRoutes(app, services);
  await rulesRoutes(app);
}

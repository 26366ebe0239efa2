/** A deployment is a draft while its outline is edited; confirming it creates its tasks and problems. */
export const DEPLOYMENT_STATUSES = ['draft', 'confirmed'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** How a deployment's text arrived: pasted, a .txt file (UTF-8 or GB18030) or a .docx file. */
export const SOURCE_KINDS = ['paste', 'txt', 'docx'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

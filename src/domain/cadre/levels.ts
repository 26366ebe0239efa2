import type { OrgType, UnitLevel } from '../org/vocab.ts';

/**
 * The level of a leadership team for the young-cadre age rule (cadre.youngCadreMaxAge): a 党委 / 党工委 team, a
 * village's, a community's, any other branch's. A locality adjusts each age through its local rules.
 */
export const CADRE_LEVELS = ['committee', 'village', 'community', 'branch'] as const;
export type CadreLevel = (typeof CADRE_LEVELS)[number];

export function cadreLevelOf(org: { type: OrgType; unit_level: UnitLevel | null }): CadreLevel {
  if (org.unit_level === 'village') return 'village';
  if (org.unit_level === 'community') return 'community';
  if (org.type === 'committee' || org.type === 'working_committee') return 'committee';
  return 'branch';
}

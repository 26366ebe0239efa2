import { Alert, Button, Card, Flex, Input, Tag } from 'antd';
import { useState } from 'react';
import type { ReviewDetail } from '../../../../contracts/review.ts';
import { OrgSelect } from '../../../components/ui/org-select.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { createReview } from './review-api.ts';

/**
 * Opens the caller's committee's round for the year: a name and the organisations below whose secretaries report
 * (picked one by one). The poll's grades are the rule set's default (好/较好/一般/差, [S]).
 */
export function ReviewNewForm(props: { within: number; year: number; onSaved: (d: ReviewDetail) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(t('review.defaultName', { year: props.year }));
  const [orgs, setOrgs] = useState<{ id: number; name: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const d = await createReview({ year: props.year, name: name.trim(), orgIds: orgs.map((o) => o.id) });
      setOrgs([]);
      props.onSaved(d);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('review.new')} data-testid="review-new">
      <Flex vertical gap={8}>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} aria-label={t('review.name')} />
        <OrgSelect
          within={props.within}
          value={null}
          disabledIds={[props.within, ...orgs.map((o) => o.id)]}
          placeholder={t('review.pickOrg')}
          onChange={(id, org) => {
            if (id !== null && org) setOrgs([...orgs, { id, name: org.name }]);
          }}
          style={{ width: '100%' }}
        />
        <Flex gap={4} wrap>
          {orgs.map((o) => (
            <Tag key={o.id} closable onClose={() => setOrgs(orgs.filter((x) => x.id !== o.id))}>
              {o.name}
            </Tag>
          ))}
        </Flex>
        <Button
          type="primary"
          loading={saving}
          disabled={!name.trim() || orgs.length === 0}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => void submit()}
          data-testid="review-create"
        >
          {t('review.create')}
        </Button>
      </Flex>
    </Card>
  );
}

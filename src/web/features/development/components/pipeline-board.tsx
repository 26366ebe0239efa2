import { Badge, Card, Col, Empty, Row, Typography } from 'antd';
import { Link } from 'react-router';
import type { DevelopmentPipeline } from '../../../../contracts/development.ts';
import {
  DEVELOPMENT_STAGE_LABELS,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEP_INFO,
} from '../../../../domain/people/development-steps.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { AlertBadges } from './alert-badges.tsx';

/** The pipeline board: a column per stage with its count, a card per person with the next step and the badges. */
export function PipelineBoard({ pipeline }: { pipeline: DevelopmentPipeline }) {
  const { t, label } = useI18n();
  return (
    <Row gutter={[12, 12]} wrap>
      {DEVELOPMENT_STAGES.map((stage) => {
        const cases = pipeline.cases.filter((c) => c.stage === stage);
        return (
          <Col key={stage} xs={24} sm={12} lg={8} xl={{ flex: '20%' }}>
            <Card
              size="small"
              data-testid={`dev-column-${stage}`}
              title={
                <span>
                  {label(DEVELOPMENT_STAGE_LABELS[stage])}{' '}
                  <Badge count={pipeline.counts[stage]} showZero color="#c00" />
                </span>
              }
              styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8, minHeight: 120 } }}
            >
              {cases.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dev.board.empty')} />
              ) : (
                cases.map((c) => (
                  <Card key={c.id} size="small" data-testid="dev-card" hoverable>
                    <Link to={`/development/${c.id}`}>
                      <Typography.Text strong>{c.personName}</Typography.Text>
                    </Link>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {c.orgName} · {t('dev.board.last', { on: c.lastOn })}
                      </Typography.Text>
                    </div>
                    {c.next[0] && (
                      <div style={{ fontSize: 12 }}>
                        {t('dev.board.next')}：{c.next.map((k) => label(DEVELOPMENT_STEP_INFO[k])).join(' / ')}
                      </div>
                    )}
                    <AlertBadges alerts={c.alerts} />
                  </Card>
                ))
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

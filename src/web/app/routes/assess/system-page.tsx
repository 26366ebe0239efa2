import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  PlusOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { PutSystemBody } from '../../../../contracts/assess.ts';
import { ErrorResult } from '../../../components/ui/error-result.tsx';
import { PageHeader } from '../../../components/ui/page-header.tsx';
import { getSystem, publishSystem, putSystem, type SystemDetail } from '../../../features/assess/api/assess.ts';
import { methodLabel, SystemStateTag } from '../../../features/assess/components/assess-tags.tsx';
import { IndicatorForm } from '../../../features/assess/components/indicator-form.tsx';
import {
  addChild,
  freshId,
  indentAt,
  moveAt,
  type Node,
  nodeAt,
  outdentAt,
  removeAt,
  updateAt,
  walk,
  weightGaps,
} from '../../../features/assess/components/indicator-tree.ts';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { type MessageKey, tm, useI18n } from '../../../lib/i18n.ts';
import { useMe, useSession } from '../../../lib/session.tsx';
import { useRequest } from '../../../lib/use-request.ts';

type Problem = { code: string; params: Record<string, string | number>; message: string };

/** The server's problems of a refused save, each in the reader's language, keyed by the indicator's path. */
function problemsOf(e: unknown): Problem[] {
  if (!(e instanceof ApiError)) return [];
  const d = e.details as { problems?: Problem[] } | null | undefined;
  return Array.isArray(d?.problems) ? d.problems : [];
}
const problemText = (p: Problem) =>
  tm({ key: `err.assess.${p.code}` as MessageKey, params: p.params } as Parameters<typeof tm>[0], p.message);

/**
 * /assess/systems/:id — the index system editor: the indicator tree (add a child, remove, move up/down, 升级/降级),
 * each indicator's points, method and scorer beside it; the weights checked live (children sum to the parent) and the
 * server's problems shown at the indicator they name. 保存 (the whole tree) and 发布 only while a draft.
 */
export default function SystemPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const res = useRequest(() => getSystem(id), [id]);
  if (res.error && !res.data) return <ErrorResult error={res.error} onRetry={res.reload} />;
  if (!res.data || res.data.id !== id) return <Skeleton active paragraph={{ rows: 10 }} />;
  return <Editor key={`${res.data.id}-${res.data.updatedAt}`} system={res.data} onSaved={res.reload} t={t} />;
}

function Editor({
  system,
  onSaved,
  t,
}: {
  system: SystemDetail;
  onSaved: () => void;
  t: ReturnType<typeof useI18n>['t'];
}) {
  const { message, modal } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState(system.name);
  const [total, setTotal] = useState(system.total);
  const [list, setList] = useState<Node[]>(() => structuredClone(system.indicators) as Node[]);
  const [sel, setSel] = useState<number[]>(list.length > 0 ? [0] : []);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const editable = system.canEdit;

  useEffect(() => {
    document.title = `${system.name} · ${t('app.name')}`;
  }, [system.name, t]);

  const change = (next: Node[], pos?: number[]) => {
    setList(next);
    if (pos) setSel(pos);
    setDirty(true);
  };
  const flat = useMemo(() => walk(list), [list]);
  const gaps = useMemo(() => weightGaps(list, total), [list, total]);
  const byPath = useMemo(() => {
    const m = new Map<string, Problem[]>();
    for (const p of problems) {
      const path = String(p.params.path ?? '');
      m.set(path, [...(m.get(path) ?? []), p]);
    }
    return m;
  }, [problems]);
  const selected = sel.length > 0 ? nodeAt(list, sel) : undefined;
  const selWalk = flat.find((w) => w.pos.join('.') === sel.join('.'));
  const selProblems = selWalk ? (byPath.get(selWalk.path) ?? []) : [];
  const selGap = gaps.byPos.get(sel.join('.'));
  const topProblems = problems.filter((p) => !flat.some((w) => w.path === String(p.params.path ?? '')));

  const treeData = useMemo(() => {
    const build = (l: readonly Node[], pos: number[]): object[] =>
      l.map((n, i) => {
        const p = [...pos, i];
        const key = p.join('.');
        const path = flat.find((w) => w.pos.join('.') === key)?.path ?? '';
        const bad = gaps.byPos.has(key) || byPath.has(path);
        const branch = !!n.children && n.children.length > 0;
        return {
          key,
          title: (
            <span data-testid="indicator-node">
              {bad && <WarningOutlined style={{ color: 'var(--ant-color-error)', marginRight: 4 }} />}
              <span style={{ fontWeight: branch ? 600 : 400 }}>{n.name || t('assess.ind.unnamed')}</span>
              <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                {t('assess.points', { n: n.max })}
              </Typography.Text>
              {n.bonus && <Tag style={{ marginLeft: 6 }}>{t('assess.ind.bonusTag')}</Tag>}
              {!branch && (
                <Tag color={n.method?.kind === 'veto' ? 'red' : 'blue'} style={{ marginLeft: 6 }}>
                  {n.method ? methodLabel(n.method.kind) : t('assess.ind.noMethod')}
                </Tag>
              )}
            </span>
          ),
          children: branch ? build(n.children!, p) : undefined,
        };
      });
    return build(list, []);
  }, [list, flat, gaps, byPath, t]);

  const add = (asChildOf: number[]) => {
    const parent = asChildOf.length > 0 ? nodeAt(list, asChildOf) : undefined;
    const node: Node = {
      id: freshId(list, parent?.id ?? null),
      name: t('assess.ind.newName'),
      max: 0,
      method: { kind: 'graded', grades: [{ grade: '好', points: 0 }], evidenceFor: [] },
    };
    const count = parent ? (parent.children?.length ?? 0) : list.length;
    change(addChild(list, asChildOf, node), [...asChildOf, count]);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await putSystem(system.id, { name, total, indicators: list as PutSystemBody['indicators'] });
      setProblems([]);
      setDirty(false);
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      setProblems(problemsOf(e));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const publish = () =>
    modal.confirm({
      title: t('assess.publishConfirm', { name: system.name }),
      content: t('assess.publishHint'),
      okText: t('assess.publish'),
      onOk: async () => {
        try {
          await publishSystem(system.id);
          onSaved();
        } catch (e) {
          setProblems(problemsOf(e));
          setError(errorMessage(e));
        }
      },
    });

  const isIssuer = system.orgId === me.orgId && can('task:assign');
  return (
    <div data-testid="assess-system-page">
      <PageHeader
        title={system.name}
        tags={<SystemStateTag state={system.state} />}
        subTitle={t('assess.systemSubtitle', { org: system.orgName, year: system.year })}
        extra={
          <Space wrap>
            <Link to={`/assess?year=${system.year}`}>{t('assess.title')}</Link>
            {editable && (
              <Button type="primary" onClick={save} loading={busy} disabled={!dirty} data-testid="system-save">
                {t('common.save')}
              </Button>
            )}
            {editable && (
              <Button onClick={publish} disabled={dirty}>
                {t('assess.publish')}
              </Button>
            )}
            {system.state === 'published' && isIssuer && (
              <Button type="primary" onClick={() => navigate(`/assess/systems/${system.id}/rounds/new`)}>
                {t('assess.startRound')}
              </Button>
            )}
          </Space>
        }
      />
      {!editable && <Alert type="info" showIcon title={t('assess.readOnly')} style={{ marginBottom: 12 }} />}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="system-error"
          description={
            problems.length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={12} wrap align="center">
          <span>{t('assess.field.name')}</span>
          <Input
            value={name}
            disabled={!editable}
            maxLength={200}
            style={{ maxWidth: 360 }}
            aria-label={t('assess.field.name')}
            onChange={(e) => {
              setName(e.target.value);
              setDirty(true);
            }}
          />
          <span>{t('assess.field.total')}</span>
          <InputNumber
            value={total}
            min={1}
            max={1000}
            disabled={!editable}
            aria-label={t('assess.field.total')}
            onChange={(v) => {
              setTotal(v ?? 0);
              setDirty(true);
            }}
          />
          {gaps.top !== null ? (
            <Tag color="error" data-testid="weight-top">
              {t('assess.weight.topGap', { sum: gaps.top, total })}
            </Tag>
          ) : (
            <Tag color="success">{t('assess.weight.ok')}</Tag>
          )}
          {topProblems.map((p, i) => (
            <Tag color="error" key={i}>
              {problemText(p)}
            </Tag>
          ))}
        </Flex>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={11}>
          <Card
            size="small"
            title={t('assess.indicators')}
            extra={
              editable && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => add([])}>
                  {t('assess.ind.addTop')}
                </Button>
              )
            }
          >
            <Tree
              blockNode
              defaultExpandAll
              selectedKeys={[sel.join('.')]}
              treeData={treeData as never}
              onSelect={(keys) => keys[0] !== undefined && setSel(String(keys[0]).split('.').map(Number))}
              data-testid="indicator-tree"
            />
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          {selected && selWalk ? (
            <Card
              size="small"
              title={selWalk.path}
              extra={
                editable && (
                  <Space size={2} wrap>
                    <Button size="small" icon={<PlusOutlined />} onClick={() => add(sel)}>
                      {t('assess.ind.addChild')}
                    </Button>
                    <Button
                      size="small"
                      icon={<ArrowUpOutlined />}
                      aria-label={t('assess.ind.up')}
                      title={t('assess.ind.up')}
                      onClick={() => {
                        const r = moveAt(list, sel, -1);
                        change(r.list, r.pos);
                      }}
                    />
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      aria-label={t('assess.ind.down')}
                      title={t('assess.ind.down')}
                      onClick={() => {
                        const r = moveAt(list, sel, 1);
                        change(r.list, r.pos);
                      }}
                    />
                    <Button
                      size="small"
                      icon={<MenuFoldOutlined />}
                      aria-label={t('assess.ind.outdent')}
                      title={t('assess.ind.outdent')}
                      disabled={sel.length < 2}
                      onClick={() => {
                        const r = outdentAt(list, sel);
                        change(r.list, r.pos);
                      }}
                    />
                    <Button
                      size="small"
                      icon={<MenuUnfoldOutlined />}
                      aria-label={t('assess.ind.indent')}
                      title={t('assess.ind.indent')}
                      disabled={sel[sel.length - 1] === 0}
                      onClick={() => {
                        const r = indentAt(list, sel);
                        change(r.list, r.pos);
                      }}
                    />
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('assess.ind.remove')}
                      title={t('assess.ind.remove')}
                      onClick={() => {
                        const next = removeAt(list, sel);
                        const i = sel[sel.length - 1]!;
                        change(next, i > 0 ? [...sel.slice(0, -1), i - 1] : sel.slice(0, -1));
                      }}
                    />
                  </Space>
                )
              }
            >
              {selGap !== undefined && (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 8 }}
                  data-testid="weight-gap"
                  title={t('assess.weight.gap', { sum: selGap, max: selected.max })}
                />
              )}
              {selProblems.map((p, i) => (
                <Alert key={i} type="error" showIcon style={{ marginBottom: 8 }} title={problemText(p)} />
              ))}
              <IndicatorForm
                node={selected}
                isBranch={!!selected.children && selected.children.length > 0}
                disabled={!editable}
                scopeOrgId={system.orgId}
                onChange={(n) => change(updateAt(list, sel, () => n))}
              />
            </Card>
          ) : (
            <Card size="small">
              <Typography.Text type="secondary">{t('assess.ind.pick')}</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}

/** Editor of one strategy segment: typed conditions (operators per field type) and actions, plus an optional challenger arm. */
import { Button, Card, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { STRATEGY_ACTION_TYPES, STRATEGY_FIELD_TYPES, STRATEGY_FIELDS, STRATEGY_OPERATORS, type StrategyAction, type StrategyCondition, type StrategySegment } from '@recova/contracts';

const FLAG_NAMES = ['cease', 'dispute', 'deceased', 'bankruptcy', 'legal_hold', 'vulnerable', 'breathing_space', 'opt_out_sms', 'opt_out_email', 'do_not_call', 'complaint_open'];
type Field = (typeof STRATEGY_FIELDS)[number];

function ValueInput({ c, onChange, testId }: { c: StrategyCondition; onChange: (v: StrategyCondition['value']) => void; testId: string }) {
  const type = STRATEGY_FIELD_TYPES[c.field as Field];
  if (c.op === 'is_null' || c.op === 'not_null') return null;
  if (type === 'bool') return <Switch data-testid={testId} checked={c.value === true} onChange={(v) => onChange(v)} />;
  if (c.op === 'between') {
    const [a, b] = Array.isArray(c.value) ? (c.value as number[]) : [undefined, undefined];
    return (
      <Space.Compact>
        <InputNumber data-testid={`${testId}-low`} value={a} onChange={(v) => onChange([Number(v ?? 0), Number(b ?? 0)])} />
        <InputNumber data-testid={`${testId}-high`} value={b} onChange={(v) => onChange([Number(a ?? 0), Number(v ?? 0)])} />
      </Space.Compact>
    );
  }
  if (c.op === 'in' || c.op === 'not_in') return <Select data-testid={testId} mode="tags" style={{ minWidth: 200 }} value={(c.value as string[]) ?? []} onChange={(v) => onChange(v)} />;
  if (type === 'set') return <Select data-testid={testId} style={{ minWidth: 160 }} value={c.value as string} options={FLAG_NAMES.map((f) => ({ value: f, label: f }))} onChange={(v) => onChange(v)} />;
  if (type === 'enum') return <Input data-testid={testId} style={{ width: 160 }} value={(c.value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
  return <InputNumber data-testid={testId} value={c.value as number} onChange={(v) => onChange(v === null ? undefined : Number(v))} />;
}

function ActionRow({ a, onChange, onRemove, testId }: { a: StrategyAction; onChange: (a: StrategyAction) => void; onRemove: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Select data-testid={`${testId}-type`} style={{ width: 200 }} value={a.type} options={STRATEGY_ACTION_TYPES.map((x) => ({ value: x, label: t(`strategy.action.${x}`) }))} onChange={(type) => onChange({ type })} />
      {['send_sms', 'send_email', 'generate_letter'].includes(a.type) && <Input data-testid={`${testId}-template`} placeholder={t('strategy.template')} value={a.template ?? ''} onChange={(e) => onChange({ ...a, template: e.target.value })} />}
      {a.type === 'set_priority' && <InputNumber data-testid={`${testId}-priority`} min={0} max={100} addonBefore={t('strategy.priority')} value={a.priority} onChange={(v) => onChange({ ...a, priority: Number(v ?? 0) })} />}
      {a.type === 'move_to_team' && <InputNumber data-testid={`${testId}-team`} min={1} addonBefore={t('strategy.teamId')} value={a.teamId} onChange={(v) => onChange({ ...a, teamId: Number(v ?? 0) })} />}
      {a.type === 'set_flag' && <Select data-testid={`${testId}-flag`} style={{ width: 180 }} value={a.flag} options={FLAG_NAMES.map((f) => ({ value: f, label: f }))} onChange={(flag) => onChange({ ...a, flag })} />}
      {a.type === 'schedule_followup' && <InputNumber data-testid={`${testId}-days`} min={0} max={365} addonBefore={t('strategy.inDays')} value={a.inDays} onChange={(v) => onChange({ ...a, inDays: Number(v ?? 0) })} />}
      <Button icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('strategy.remove')} />
    </Space>
  );
}

function ActionList({ list, onChange, testId }: { list: StrategyAction[]; onChange: (l: StrategyAction[]) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {list.map((a, i) => <ActionRow key={i} testId={`${testId}-${i}`} a={a} onChange={(x) => onChange(list.map((y, j) => (j === i ? x : y)))} onRemove={() => onChange(list.filter((_, j) => j !== i))} />)}
      <Button data-testid={`${testId}-add`} size="small" icon={<PlusOutlined />} onClick={() => onChange([...list, { type: 'send_sms', template: '' }])}>{t('strategy.addAction')}</Button>
    </Space>
  );
}

export function SegmentEditor({ seg, index, onChange, onRemove, onMove }: { seg: StrategySegment; index: number; onChange: (s: StrategySegment) => void; onRemove: () => void; onMove: (d: -1 | 1) => void }) {
  const { t } = useTranslation();
  const tid = `segment-${index}`;
  const setCond = (j: number, c: StrategyCondition) => onChange({ ...seg, when: seg.when.map((x, k) => (k === j ? c : x)) });
  return (
    <Card size="small" data-testid={tid} title={<Space><Typography.Text strong>{index + 1}.</Typography.Text>
      <Input data-testid={`${tid}-id`} style={{ width: 120 }} value={seg.id} onChange={(e) => onChange({ ...seg, id: e.target.value })} />
      <Input data-testid={`${tid}-name`} style={{ width: 220 }} value={seg.name} onChange={(e) => onChange({ ...seg, name: e.target.value })} /></Space>}
      extra={<Space><Button size="small" onClick={() => onMove(-1)}>↑</Button><Button size="small" onClick={() => onMove(1)}>↓</Button><Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} /></Space>}>
      <Typography.Text type="secondary">{t('strategy.when')}</Typography.Text>
      <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
        {seg.when.map((c, j) => (
          <Space key={j} wrap>
            <Select data-testid={`${tid}-cond-${j}-field`} style={{ width: 180 }} value={c.field} options={STRATEGY_FIELDS.map((f) => ({ value: f, label: t(`strategy.field.${f}`) }))}
              onChange={(field) => setCond(j, { field, op: STRATEGY_OPERATORS[STRATEGY_FIELD_TYPES[field as Field]][0] })} />
            <Select data-testid={`${tid}-cond-${j}-op`} style={{ width: 120 }} value={c.op} options={(STRATEGY_OPERATORS[STRATEGY_FIELD_TYPES[c.field as Field]] ?? []).map((o) => ({ value: o, label: t(`strategy.op.${o}`) }))}
              onChange={(op) => setCond(j, { field: c.field, op })} />
            <ValueInput testId={`${tid}-cond-${j}-value`} c={c} onChange={(value) => setCond(j, { ...c, value })} />
            <Button icon={<DeleteOutlined />} aria-label={t('strategy.remove')} onClick={() => onChange({ ...seg, when: seg.when.filter((_, k) => k !== j) })} />
          </Space>
        ))}
        <Button data-testid={`${tid}-add-cond`} size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...seg, when: [...seg.when, { field: 'dpd', op: 'gte', value: 1 }] })}>{t('strategy.addCondition')}</Button>
      </Space>
      <Typography.Text type="secondary">{t('strategy.actions')}</Typography.Text>
      <ActionList testId={`${tid}-action`} list={seg.actions} onChange={(actions) => onChange({ ...seg, actions })} />
      <div style={{ marginTop: 12 }}>
        <Space>
          <Switch data-testid={`${tid}-challenger`} checked={!!seg.challenger} onChange={(on) => onChange({ ...seg, challenger: on ? { percent: 10, actions: [] } : undefined })} />
          {t('strategy.challenger')}
          {seg.challenger && <InputNumber data-testid={`${tid}-percent`} min={0} max={100} addonAfter="%" value={seg.challenger.percent} onChange={(v) => onChange({ ...seg, challenger: { ...seg.challenger!, percent: Number(v ?? 0) } })} />}
        </Space>
        {seg.challenger && <ActionList testId={`${tid}-ch-action`} list={seg.challenger.actions} onChange={(actions) => onChange({ ...seg, challenger: { ...seg.challenger!, actions } })} />}
      </div>
    </Card>
  );
}

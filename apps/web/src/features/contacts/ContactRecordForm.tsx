/**
 * The contact-record form (催记): channel, phone, party, action and result codes from the code tables
 * (only active codes fitting the channel), note, follow-up, duration; promise fields appear when the
 * result code needs a promise; an override reason for users with `compliance.override`. A blocked answer
 * shows the engine's reasons and the next allowed time (the attempt is on the timeline).
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, App as AntApp } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RECORD_CHANNELS, type CaseDetail, type CreateContactRecordInput } from '@recova/contracts';
import { useCan } from '../../app/auth';
import { decimalStringToMinor } from '../../shared/money';
import { errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { ComplianceBlocked, useContactCodes, useCreateRecord } from './api';

interface Values {
  channel: CreateContactRecordInput['channel'];
  direction: 'outbound' | 'inbound';
  phoneId?: number;
  party?: CreateContactRecordInput['party'];
  relation?: string;
  actionCode?: string;
  resultCode: string;
  note?: string;
  nextFollowUpAt?: string;
  durationSeconds?: number;
  amount?: string;
  dueDate?: string;
  installments?: { dueDate: string; amount: string }[];
  override?: boolean;
  overrideReason?: string;
}

export function ContactRecordForm({ c, open, phoneId, onClose }: { c: CaseDetail; open: boolean; phoneId?: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const can = useCan();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const codes = useContactCodes();
  const create = useCreateRecord(c.id);
  const [blocked, setBlocked] = useState<ComplianceBlocked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const channel = Form.useWatch('channel', form) ?? 'call';
  const resultCode = Form.useWatch('resultCode', form);
  const party = Form.useWatch('party', form);
  const override = Form.useWatch('override', form);
  const fits = (chs: string[]) => chs.length === 0 || chs.includes(channel);
  const active = (codes.data ?? []).filter((x) => x.active && fits(x.channels));
  const result = active.find((x) => x.kind === 'result' && x.code === resultCode);
  const label = (x: { labelZh: string; labelEn: string }) => (en ? x.labelEn : x.labelZh);

  const submit = async (v: Values) => {
    setBlocked(null);
    setError(null);
    const body: CreateContactRecordInput = {
      channel: v.channel, direction: v.direction, phoneId: v.phoneId, party: v.party, relation: v.relation || undefined, actionCode: v.actionCode, resultCode: v.resultCode,
      note: v.note || undefined, durationSeconds: v.durationSeconds ?? undefined, nextFollowUpAt: v.nextFollowUpAt ? new Date(v.nextFollowUpAt).toISOString() : undefined,
    };
    if (result?.requiresPromise) {
      const plan = (v.installments ?? []).filter((i) => i.dueDate && i.amount);
      if (plan.length) body.promise = { installments: plan.map((i) => ({ dueDate: i.dueDate, amount: decimalStringToMinor(i.amount) ?? 0 })) };
      else body.promise = { amount: decimalStringToMinor(v.amount ?? '') ?? 0, dueDate: v.dueDate ?? '' };
    }
    if (v.override) body.override = { reason: v.overrideReason ?? '' };
    try {
      await create.mutateAsync(body);
      void message.success(t('contacts.recorded'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ComplianceBlocked) setBlocked(e);
      else setError(errorMessage(t, e));
    }
  };

  return (
    <Modal open={open} title={t('contacts.newRecord')} onCancel={onClose} destroyOnHidden width={640} footer={null}>
      <Form<Values> form={form} layout="vertical" initialValues={{ channel: 'call', direction: 'outbound', phoneId }} onFinish={(v) => void submit(v)} data-testid="record-form">
        <Space wrap>
          <Form.Item name="channel" label={t('caseDetail.channel')} rules={[{ required: true }]}>
            <Select data-testid="record-channel" style={{ width: 140 }} options={RECORD_CHANNELS.map((ch) => ({ value: ch, label: t(`channel.${ch}`, { defaultValue: ch }) }))} />
          </Form.Item>
          <Form.Item name="direction" label={t('contacts.direction')}>
            <Select data-testid="record-direction" style={{ width: 120 }} options={['outbound', 'inbound'].map((d) => ({ value: d, label: t(`contacts.directions.${d}`) }))} />
          </Form.Item>
          <Form.Item name="phoneId" label={t('caseDetail.phones')}>
            <Select data-testid="record-phone" allowClear style={{ width: 220 }} options={c.phones.map((p) => ({ value: p.id, label: `${p.number} · ${t(`phoneOwner.${p.owner}`, { defaultValue: p.owner })}` }))} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="party" label={t('contacts.party')}>
            <Select data-testid="record-party" allowClear style={{ width: 160 }} options={['debtor', 'guarantor', 'third_party', 'nobody'].map((p) => ({ value: p, label: t(`contacts.parties.${p}`) }))} />
          </Form.Item>
          {party === 'third_party' && (
            <Form.Item name="relation" label={t('caseDetail.relation')}>
              <Input data-testid="record-relation" style={{ width: 140 }} maxLength={40} />
            </Form.Item>
          )}
          <Form.Item name="actionCode" label={t('contacts.actionCode')}>
            <Select data-testid="record-action" allowClear style={{ width: 180 }} options={active.filter((x) => x.kind === 'action').map((x) => ({ value: x.code, label: label(x) }))} />
          </Form.Item>
          <Form.Item name="resultCode" label={t('contacts.resultCode')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select data-testid="record-result" showSearch optionFilterProp="label" style={{ width: 200 }} options={active.filter((x) => x.kind === 'result').map((x) => ({ value: x.code, label: label(x) }))} />
          </Form.Item>
        </Space>
        {result?.requiresPromise && (
          <div data-testid="record-promise">
            <Space wrap>
              <Form.Item name="amount" label={t('contacts.promiseAmount')}>
                <Input data-testid="record-promise-amount" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="dueDate" label={t('contacts.promiseDate')}>
                <Input type="date" data-testid="record-promise-date" style={{ width: 180 }} />
              </Form.Item>
            </Space>
            <Form.List name="installments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item name={[f.name, 'dueDate']}><Input type="date" /></Form.Item>
                      <Form.Item name={[f.name, 'amount']}><Input placeholder={t('contacts.promiseAmount')} /></Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add()} data-testid="record-add-installment">{t('contacts.addInstallment')}</Button>
                </>
              )}
            </Form.List>
          </div>
        )}
        <Form.Item name="note" label={t('caseDetail.note')}>
          <Input.TextArea data-testid="record-note" rows={3} maxLength={4000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="nextFollowUpAt" label={t('contacts.nextFollowUp')}>
            <Input type="datetime-local" data-testid="record-follow-up" />
          </Form.Item>
          <Form.Item name="durationSeconds" label={t('contacts.durationSeconds')}>
            <InputNumber data-testid="record-duration" min={0} max={86400} precision={0} />
          </Form.Item>
        </Space>
        {can('compliance.override') && (
          <>
            <Form.Item name="override" valuePropName="checked">
              <Checkbox data-testid="record-override">{t('contacts.override')}</Checkbox>
            </Form.Item>
            {override && (
              <Form.Item name="overrideReason" label={t('contacts.overrideReason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                <Input.TextArea data-testid="record-override-reason" rows={2} maxLength={500} />
              </Form.Item>
            )}
          </>
        )}
        {blocked && (
          <Alert
            type="error"
            showIcon
            data-testid="record-blocked"
            title={t('contacts.blocked')}
            description={
              <>
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {blocked.reasons.map((r, i) => <li key={i} data-testid="record-blocked-reason">{r.message} <code>{r.ruleId}</code> — {r.source}</li>)}
                </ul>
                <div data-testid="record-blocked-next">{blocked.nextAllowedAt ? t('contacts.nextAllowed', { at: formatDateTime(blocked.nextAllowedAt, i18n.language) }) : t('contacts.noNextAllowed')}</div>
              </>
            }
            style={{ marginBottom: 12 }}
          />
        )}
        {error && <Alert type="error" showIcon data-testid="record-error" title={error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="record-submit">{t('common.save')}</Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** Admin page for the action and result code tables (codes.manage): create, edit, deactivate. */
import { useState } from 'react';
import { Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { CONTACT_FLAGS, RECORD_CHANNELS, type ContactCodeItem } from '@recova/contracts';
import { ApiErrorAlert } from '../../shared/errors';
import { usePutCode, useContactCodes } from './api';

const OUTCOMES = ['no_answer', 'busy', 'not_in_service', 'voicemail', 'conversation', 'third_party_conversation', 'sent', 'delivered', 'failed', 'debtor_requested_contact', 'cease_request', 'dispute', 'opt_out', 'third_party_objection'];
const BLANK: ContactCodeItem = { kind: 'result', code: '', labelZh: '', labelEn: '', channels: [], outcome: null, party: null, phoneStatus: null, setsFlag: null, requiresPromise: false, rightPartyContact: false, sort: 0, active: true };

export default function ContactCodesPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const q = useContactCodes();
  const put = usePutCode();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<{ item: ContactCodeItem; isNew: boolean } | null>(null);
  const [form] = Form.useForm<ContactCodeItem>();
  const kind = Form.useWatch('kind', form);
  const open = (item: ContactCodeItem, isNew: boolean) => {
    setEditing({ item, isNew });
    form.setFieldsValue(item);
  };
  const save = (v: ContactCodeItem) => put.mutate({ ...BLANK, ...editing!.item, ...v }, { onSuccess: () => { setEditing(null); void message.success(t('common.saved')); } });
  const nullable = (opts: string[], ns: string) => [{ value: null as unknown as string, label: '—' }, ...opts.map((o) => ({ value: o, label: t(`${ns}.${o}`, { defaultValue: o }) }))];
  return (
    <Card title={t('contacts.codes.title')} extra={<Button type="primary" data-testid="code-new" onClick={() => open(BLANK, true)}>{t('contacts.codes.new')}</Button>}>
      <ApiErrorAlert error={q.error} />
      <Table<ContactCodeItem>
        data-testid="codes-table"
        size="small"
        rowKey={(r) => `${r.kind}:${r.code}`}
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          { title: t('contacts.codes.kind'), dataIndex: 'kind', width: 90, render: (v: string) => t(`contacts.codes.kinds.${v}`) },
          { title: t('contacts.codes.code'), dataIndex: 'code', width: 170 },
          { title: t('contacts.codes.label'), key: 'label', render: (_: unknown, r) => (en ? r.labelEn : r.labelZh) },
          { title: t('caseDetail.channel'), dataIndex: 'channels', render: (v: string[]) => (v.length ? v.map((c) => <Tag key={c}>{t(`channel.${c}`, { defaultValue: c })}</Tag>) : t('contacts.codes.anyChannel')) },
          { title: t('contacts.codes.outcome'), dataIndex: 'outcome', render: (v: string | null) => v ?? '—' },
          { title: t('contacts.codes.effects'), key: 'fx', render: (_: unknown, r) => [r.phoneStatus && `${t('common.status')}→${r.phoneStatus}`, r.setsFlag && `⚑ ${r.setsFlag}`, r.requiresPromise && t('contacts.promise')].filter(Boolean).join(' · ') },
          { title: t('contacts.codes.active'), dataIndex: 'active', width: 80, render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? '✓' : '✗'}</Tag> },
          { title: '', key: 'edit', width: 80, render: (_: unknown, r) => <Button size="small" data-testid={`code-edit-${r.kind}-${r.code}`} onClick={() => open(r, false)}>{t('common.edit', { defaultValue: 'Edit' })}</Button> },
        ]}
      />
      <Modal open={!!editing} title={editing?.isNew ? t('contacts.codes.new') : `${editing?.item.kind}/${editing?.item.code}`} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={put.isPending} destroyOnHidden width={620}>
        <ApiErrorAlert error={put.error} />
        <Form<ContactCodeItem> form={form} layout="vertical" onFinish={save}>
          <Space wrap>
            <Form.Item name="kind" label={t('contacts.codes.kind')}><Select disabled={!editing?.isNew} style={{ width: 120 }} options={['action', 'result'].map((k) => ({ value: k, label: t(`contacts.codes.kinds.${k}`) }))} /></Form.Item>
            <Form.Item name="code" label={t('contacts.codes.code')} rules={[{ required: true, pattern: /^[a-z0-9_]{1,40}$/, message: 'a-z 0-9 _' }]}><Input disabled={!editing?.isNew} data-testid="code-code" /></Form.Item>
            <Form.Item name="sort" label={t('contacts.codes.sort')}><InputNumber min={0} precision={0} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="labelZh" label="中文" rules={[{ required: true, whitespace: true }]}><Input data-testid="code-label-zh" /></Form.Item>
            <Form.Item name="labelEn" label="English" rules={[{ required: true, whitespace: true }]}><Input data-testid="code-label-en" /></Form.Item>
          </Space>
          <Form.Item name="channels" label={t('caseDetail.channel')}><Checkbox.Group options={RECORD_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`, { defaultValue: c }) }))} /></Form.Item>
          {kind === 'result' && (
            <>
              <Space wrap>
                <Form.Item name="outcome" label={t('contacts.codes.outcome')}><Select style={{ width: 220 }} options={nullable(OUTCOMES, 'contacts.outcomes')} /></Form.Item>
                <Form.Item name="party" label={t('contacts.party')}><Select style={{ width: 150 }} options={nullable(['debtor', 'third_party', 'nobody'], 'contacts.parties')} /></Form.Item>
                <Form.Item name="phoneStatus" label={t('contacts.codes.phoneStatus')}><Select style={{ width: 120 }} options={nullable(['valid', 'invalid'], 'phoneStatus')} /></Form.Item>
                <Form.Item name="setsFlag" label={t('contacts.codes.setsFlag')}><Select style={{ width: 160 }} options={nullable([...CONTACT_FLAGS], 'contacts.flagNames')} /></Form.Item>
              </Space>
              <Space wrap>
                <Form.Item name="requiresPromise" valuePropName="checked" label={t('contacts.codes.requiresPromise')}><Switch /></Form.Item>
                <Form.Item name="rightPartyContact" valuePropName="checked" label={t('contacts.codes.rightParty')}><Switch /></Form.Item>
              </Space>
            </>
          )}
          <Form.Item name="active" valuePropName="checked" label={t('contacts.codes.active')}><Switch data-testid="code-active" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

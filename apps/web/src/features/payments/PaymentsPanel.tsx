/**
 * Workbench panel: the case's payments with their waterfall split; manual entry (payments.write, waits
 * for approval); approve / reject / reverse for approvers (payments.approve) — never one's own entry.
 */
import { useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, Input, Modal, Space, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PaymentItem } from '@recova/contracts';
import type { WorkbenchPanelProps } from '../cases/workbench-panels';
import { useCase } from '../cases/api';
import { useCan, useMe } from '../../app/auth';
import { ApiErrorAlert, errorMessage } from '../../shared/errors';
import { currencyDigits, decimalStringToMinor, formatMoney } from '../../shared/money';
import { useCreatePayment, useDecidePayment, usePayments } from './api';

const COLOR: Record<string, string> = { pending_approval: 'gold', posted: 'green', rejected: 'default', reversed: 'red' };

export default function PaymentsPanel({ caseId }: WorkbenchPanelProps) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { data: me } = useMe();
  const currency = useCase(caseId).data?.currency ?? 'CNY';
  const list = usePayments(caseId);
  const create = useCreatePayment(caseId);
  const decide = useDecidePayment(caseId);
  const { message } = AntApp.useApp();
  const [entering, setEntering] = useState(false);
  const [asking, setAsking] = useState<{ id: number; action: 'reject' | 'reverse' } | null>(null);
  const [form] = Form.useForm();
  const [reasonForm] = Form.useForm();
  const money = (v: number) => formatMoney(v, currency, i18n.language);

  const submit = async () => {
    const v = await form.validateFields();
    const amount = decimalStringToMinor(String(v.amount), currencyDigits(currency));
    if (amount === null || amount <= 0) return form.setFields([{ name: 'amount', errors: [t('payments.invalidAmount')] }]);
    try {
      await create.mutateAsync({ amount, paidOn: v.paidOn.format('YYYY-MM-DD'), channel: v.channel || undefined, reference: v.reference || undefined, note: v.note || undefined });
      void message.success(t('payments.entered'));
      form.resetFields();
      setEntering(false);
    } catch (e) {
      void message.error(errorMessage(t, e));
    }
  };
  const run = async (id: number, action: 'approve' | 'reject' | 'reverse', reason?: string) => {
    try {
      await decide.mutateAsync({ id, action, reason });
      setAsking(null);
      reasonForm.resetFields();
    } catch (e) {
      void message.error(errorMessage(t, e));
    }
  };

  return (
    <div data-testid="payments-panel">
      <ApiErrorAlert error={list.error} />
      {can('payments.write') && (
        <Button style={{ marginBottom: 8 }} data-testid="payment-new" onClick={() => setEntering(true)}>
          {t('payments.new')}
        </Button>
      )}
      <Table<PaymentItem>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `payment-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('payments.paidOn'), dataIndex: 'paidOn' },
          { title: t('payments.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => money(v) },
          {
            title: t('payments.split'),
            key: 'split',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                {(['fees', 'penalty', 'interest', 'principal'] as const).filter((k) => r.applied[k] > 0).map((k) => <Tag key={k}>{t(`payments.component.${k}`)} {money(r.applied[k])}</Tag>)}
                {r.overpayment > 0 && <Tag color="magenta" data-testid={`payment-overpaid-${r.id}`}>{t('payments.overpayment')} {money(r.overpayment)}</Tag>}
              </Space>
            ),
          },
          { title: t('payments.channel'), dataIndex: 'channel' },
          { title: t('payments.reference'), dataIndex: 'reference' },
          { title: t('payments.source'), dataIndex: 'source', render: (s: string) => t(`payments.sourceName.${s}`) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Tooltip title={r.reason ?? undefined}>
                <Tag data-testid={`payment-status-${r.id}`} color={COLOR[s]}>{t(`payments.status.${s}`)}</Tag>
              </Tooltip>
            ),
          },
          { title: t('payments.enteredBy'), key: 'by', render: (_: unknown, r) => r.createdBy?.name },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) =>
              can('payments.approve') && r.createdBy?.id !== me?.id ? (
                <Space>
                  {r.status === 'pending_approval' && (
                    <>
                      <Button size="small" type="primary" data-testid={`payment-approve-${r.id}`} loading={decide.isPending} onClick={() => void run(r.id, 'approve')}>{t('payments.approve')}</Button>
                      <Button size="small" data-testid={`payment-reject-${r.id}`} onClick={() => setAsking({ id: r.id, action: 'reject' })}>{t('payments.reject')}</Button>
                    </>
                  )}
                  {r.status === 'posted' && <Button size="small" danger data-testid={`payment-reverse-${r.id}`} onClick={() => setAsking({ id: r.id, action: 'reverse' })}>{t('payments.reverse')}</Button>}
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={entering} title={t('payments.new')} onCancel={() => setEntering(false)} onOk={() => void submit()} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'payment-submit' }} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="amount" label={`${t('payments.amount')} (${currency})`} rules={[{ required: true }]}>
            <Input data-testid="payment-amount" inputMode="decimal" />
          </Form.Item>
          <Form.Item name="paidOn" label={t('payments.paidOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="payment-date" />
          </Form.Item>
          <Form.Item name="channel" label={t('payments.channel')}><Input data-testid="payment-channel" /></Form.Item>
          <Form.Item name="reference" label={t('payments.reference')}><Input data-testid="payment-reference" /></Form.Item>
          <Form.Item name="note" label={t('payments.note')}><Input.TextArea rows={2} /></Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!asking}
        title={asking ? t(`payments.${asking.action}`) : ''}
        onCancel={() => setAsking(null)}
        onOk={() => void reasonForm.validateFields().then((v) => asking && run(asking.id, asking.action, v.reason))}
        confirmLoading={decide.isPending}
        okButtonProps={{ 'data-testid': 'payment-reason-ok' }}
        destroyOnHidden
      >
        <Form form={reasonForm} layout="vertical">
          <Form.Item name="reason" label={t('payments.reason')} rules={[{ required: true }]}>
            <Input.TextArea data-testid="payment-reason" rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

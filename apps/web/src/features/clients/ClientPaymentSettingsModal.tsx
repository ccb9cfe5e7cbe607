import { useEffect, useState } from 'react';
import { Alert, App, Form, InputNumber, Modal, Select, Space, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { PAYMENT_COMPONENTS, type ClientItem, type ClientPaymentSettings } from '@recova/contracts';
import { useClientPaymentSettings, useSaveClientPaymentSettings } from './api';
import { ApiErrorAlert, errorMessage } from '../../shared/errors';

type Component = (typeof PAYMENT_COMPONENTS)[number];

/**
 * Edit a client's repayment waterfall order (each component once: fees, penalty, interest, principal)
 * and its promise grace floor. Saved with `PUT /api/clients/:id/payment-settings` (clients.write; audited).
 */
export function ClientPaymentSettingsModal({ client, onClose }: { client: ClientItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useClientPaymentSettings(client?.id ?? null);
  const save = useSaveClientPaymentSettings(client?.id ?? 0);
  const [order, setOrder] = useState<Component[]>([]);
  const [grace, setGrace] = useState<number | null>(0);
  useEffect(() => {
    if (settings.data) {
      setOrder(settings.data.paymentOrder);
      setGrace(settings.data.promiseGraceDays);
    }
  }, [settings.data]);
  const complete = new Set(order).size === PAYMENT_COMPONENTS.length && grace !== null;
  const options = PAYMENT_COMPONENTS.map((c) => ({ value: c, label: t(`clientPayments.component.${c}`) }));

  return (
    <Modal
      open={client !== null}
      title={t('clientPayments.title', { client: client ? `${client.code} · ${client.name}` : '' })}
      okText={t('common.save')}
      okButtonProps={{ disabled: !complete, loading: save.isPending, 'data-testid': 'client-payments-save' } as ButtonProps}
      onCancel={onClose}
      onOk={() =>
        save.mutate({ paymentOrder: order, promiseGraceDays: grace! } as ClientPaymentSettings, {
          onSuccess: () => {
            void message.success(t('common.saved'));
            onClose();
          },
          onError: (e) => void message.error(errorMessage(t, e)),
        })
      }
      destroyOnHidden
    >
      <ApiErrorAlert error={settings.error} />
      <Form layout="vertical">
        <Form.Item label={t('clientPayments.order')} extra={t('clientPayments.orderHelp')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {PAYMENT_COMPONENTS.map((_, i) => (
              <Space key={i}>
                <Typography.Text>{i + 1}.</Typography.Text>
                <Select
                  data-testid={`client-payments-order-${i}`}
                  style={{ width: 200 }}
                  value={order[i]}
                  options={options}
                  onChange={(v: Component) => setOrder((o) => o.map((x, k) => (k === i ? v : x)))}
                />
              </Space>
            ))}
          </Space>
        </Form.Item>
        {!complete && order.length > 0 && <Alert type="warning" showIcon title={t('clientPayments.eachOnce')} style={{ marginBottom: 12 }} />}
        <Form.Item label={t('clientPayments.grace')} extra={t('clientPayments.graceHelp')}>
          <InputNumber data-testid="client-payments-grace" min={0} max={60} precision={0} value={grace} onChange={(v) => setGrace(v)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

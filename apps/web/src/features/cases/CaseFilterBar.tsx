import { useEffect, useMemo } from 'react';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseFilter } from '@recova/contracts';
import { useClients } from '../clients/api';
import { useBatches } from '../batches/api';
import { useCollectors } from './api';
import { useCan } from '../../app/auth';
import { BUCKETS } from '../../shared/constants';
import { decimalStringToMinor, minorToDecimalString } from '../../shared/money';

interface FormValues {
  clientId?: number;
  batchId?: number;
  status?: string;
  bucket?: string;
  dpdMin?: number | null;
  dpdMax?: number | null;
  amountMin?: string;
  amountMax?: string;
  region?: string;
  assignedUserId?: number;
  q?: string;
}

function toForm(f: CaseFilter): FormValues {
  return {
    clientId: f.clientId,
    batchId: f.batchId,
    status: f.status,
    bucket: f.bucket,
    dpdMin: f.dpdMin ?? null,
    dpdMax: f.dpdMax ?? null,
    amountMin: f.amountMin === undefined ? undefined : minorToDecimalString(f.amountMin),
    amountMax: f.amountMax === undefined ? undefined : minorToDecimalString(f.amountMax),
    region: f.region,
    assignedUserId: f.assignedUserId,
    q: f.q,
  };
}

const amountRule = (msg: string) => ({
  validator: (_: unknown, v: string | undefined) => (!v || decimalStringToMinor(v) !== null ? Promise.resolve() : Promise.reject(new Error(msg))),
});

export function CaseFilterBar({ filter, onChange, canSeeUsers }: { filter: CaseFilter; onChange: (f: CaseFilter) => void; canSeeUsers: boolean }) {
  const { t } = useTranslation();
  // without cases.reveal names match only whole (ADR 0012): say so in the search box
  const seesNames = useCan()('cases.reveal');
  const [form] = Form.useForm<FormValues>();
  const clientId = Form.useWatch('clientId', form);
  const clients = useClients();
  const batches = useBatches(clientId);
  const collectors = useCollectors(canSeeUsers);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(filter));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey]);

  const submit = (v: FormValues) => {
    const f: CaseFilter = {
      clientId: v.clientId || undefined,
      batchId: v.batchId || undefined,
      status: (v.status || undefined) as CaseFilter['status'],
      bucket: v.bucket || undefined,
      dpdMin: v.dpdMin ?? undefined,
      dpdMax: v.dpdMax ?? undefined,
      amountMin: v.amountMin ? (decimalStringToMinor(v.amountMin) ?? undefined) : undefined,
      amountMax: v.amountMax ? (decimalStringToMinor(v.amountMax) ?? undefined) : undefined,
      region: v.region?.trim() || undefined,
      assignedUserId: v.assignedUserId ?? undefined,
      q: v.q?.trim() || undefined,
    };
    onChange(f);
  };

  const collectorOptions = useMemo(
    () => [
      { value: 0, label: t('cases.unassigned') },
      ...(collectors.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
    ],
    [collectors.data, t],
  );

  const col = { xs: 24, sm: 12, md: 8, xl: 6 };
  return (
    <Form<FormValues> form={form} onFinish={submit} layout="vertical" data-testid="case-filters" style={{ marginBottom: 8 }}>
      <Row gutter={12}>
        <Col {...col}>
          <Form.Item name="q" label={t('cases.search')} style={{ marginBottom: 8 }}>
            <Input data-testid="case-filter-q" allowClear placeholder={seesNames ? t('cases.searchPlaceholder') : t('searchGuard.placeholderMasked')} onPressEnter={() => form.submit()} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="clientId" label={t('cases.client')} style={{ marginBottom: 8 }}>
            <Select
              data-testid="case-filter-client"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              onChange={() => form.setFieldValue('batchId', undefined)}
              options={(clients.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))}
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="batchId" label={t('cases.batch')} style={{ marginBottom: 8 }}>
            <Select
              data-testid="case-filter-batch"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(batches.data ?? []).map((b) => ({ value: b.id, label: `${b.batchNo} (${b.clientCode})` }))}
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="status" label={t('common.status')} style={{ marginBottom: 8 }}>
            <Select data-testid="case-filter-status" allowClear options={CASE_STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="bucket" label={t('cases.bucket')} style={{ marginBottom: 8 }}>
            <Select data-testid="case-filter-bucket" allowClear options={BUCKETS.map((b) => ({ value: b, label: b }))} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('cases.dpdRange')} style={{ marginBottom: 8 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="dpdMin" noStyle>
                <InputNumber data-testid="case-filter-dpdMin" min={0} precision={0} style={{ width: '50%' }} placeholder={t('common.min')} />
              </Form.Item>
              <Form.Item name="dpdMax" noStyle>
                <InputNumber data-testid="case-filter-dpdMax" min={0} precision={0} style={{ width: '50%' }} placeholder={t('common.max')} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item label={t('cases.amountRange')} style={{ marginBottom: 8 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="amountMin" noStyle rules={[amountRule(t('validation.amount'))]}>
                <Input data-testid="case-filter-amountMin" style={{ width: '50%' }} placeholder={t('common.min')} />
              </Form.Item>
              <Form.Item name="amountMax" noStyle rules={[amountRule(t('validation.amount'))]}>
                <Input data-testid="case-filter-amountMax" style={{ width: '50%' }} placeholder={t('common.max')} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="region" label={t('cases.region')} style={{ marginBottom: 8 }}>
            <Input data-testid="case-filter-region" allowClear onPressEnter={() => form.submit()} />
          </Form.Item>
        </Col>
        {canSeeUsers && (
          <Col {...col}>
            <Form.Item name="assignedUserId" label={t('cases.assignedTo')} style={{ marginBottom: 8 }}>
              <Select
                data-testid="case-filter-assignee"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={collectors.isPending}
                options={collectorOptions}
              />
            </Form.Item>
          </Col>
        )}
        <Col {...col} style={{ display: 'flex', alignItems: 'flex-end', paddingBottom: 8 }}>
          <Space>
            <Button data-testid="case-filter-submit" type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              data-testid="case-filter-reset"
              onClick={() => {
                form.resetFields();
                onChange({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}

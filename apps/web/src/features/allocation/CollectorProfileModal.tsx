/** Edit a collector's allocation profile: capacity, regions, products, languages, skill level (users.write). */
import { useEffect } from 'react';
import { Form, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CollectorProfile } from '@recova/contracts';
import { ApiErrorAlert } from '../../shared/errors';
import { useSetProfile, type ProfileInput } from './api';

interface Values {
  capacity: number;
  regions: string[];
  products: string[];
  languages: string[];
  skill: number;
}
const orNull = (xs: string[] | undefined) => (xs && xs.length ? xs : null);

export function CollectorProfileModal({ collector, onClose }: { collector: CollectorProfile | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSetProfile();
  useEffect(() => {
    if (collector) form.setFieldsValue({ capacity: collector.capacity, regions: collector.regions ?? [], products: collector.products ?? [], languages: collector.languages ?? [], skill: collector.skill });
  }, [collector, form]);
  const submit = (v: Values) => {
    const body: ProfileInput = { capacity: v.capacity, regions: orNull(v.regions), products: orNull(v.products), languages: orNull(v.languages), skill: v.skill };
    save.mutate({ id: collector!.id, ...body }, { onSuccess: onClose });
  };
  const tags = (testId: string) => <Select mode="tags" data-testid={testId} placeholder={t('allocation.any')} tokenSeparators={[',', '，']} />;
  return (
    <Modal
      open={!!collector}
      title={t('allocation.profileTitle', { name: collector?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'profile-save' }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <ApiErrorAlert error={save.error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="capacity" label={t('allocation.capacity')} extra={t('allocation.capacityHint')} rules={[{ required: true }]}>
          <InputNumber data-testid="profile-capacity" min={1} max={10000} precision={0} />
        </Form.Item>
        <Form.Item name="regions" label={t('allocation.regions')}>{tags('profile-regions')}</Form.Item>
        <Form.Item name="products" label={t('allocation.products')}>{tags('profile-products')}</Form.Item>
        <Form.Item name="languages" label={t('allocation.languages')}>{tags('profile-languages')}</Form.Item>
        <Form.Item name="skill" label={t('allocation.skill')} rules={[{ required: true }]}>
          <InputNumber data-testid="profile-skill" min={0} max={9} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

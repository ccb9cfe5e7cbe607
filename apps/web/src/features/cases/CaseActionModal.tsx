/** Pause / close / resume / assign for the selected cases or for every case matching the filter. */
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseFilter } from '@recova/contracts';
import { useCaseAction, useCollectors, type CaseAction } from './api';
import { ApiErrorAlert } from '../../shared/errors';
import { formatInt } from '../../shared/format';

export function CaseActionModal({
  action,
  selectedIds,
  filter,
  total,
  more = false,
  onClose,
  onDone,
}: {
  action: CaseAction | null;
  selectedIds: number[];
  filter: CaseFilter;
  total: number;
  /** more cases match than `total` (the list counts up to 1,000 past the page) */
  more?: boolean;
  onClose: () => void;
  onDone: (affected: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ scope: 'selected' | 'filter'; reason: string; assigneeId?: number }>();
  const mut = useCaseAction();
  const collectors = useCollectors(action === 'assign');
  const [affected, setAffected] = useState<number | null>(null);

  useEffect(() => {
    if (action) {
      form.resetFields();
      form.setFieldsValue({ scope: selectedIds.length ? 'selected' : 'filter' });
      setAffected(null);
      mut.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action]);

  const submit = async () => {
    if (affected !== null) {
      onClose();
      return;
    }
    const v = await form.validateFields();
    mut.mutate(
      {
        action: action!,
        reason: v.reason.trim(),
        assigneeId: action === 'assign' ? v.assigneeId : undefined,
        selection: v.scope === 'selected' ? { caseIds: selectedIds } : { filter },
      },
      {
        onSuccess: (r) => {
          setAffected(r.affected);
          onDone(r.affected);
        },
      },
    );
  };

  return (
    <Modal
      open={!!action}
      title={action ? t(`caseActions.${action}`) : ''}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={affected !== null ? t('common.close') : t('common.confirm')}
      cancelButtonProps={{ style: affected !== null ? { display: 'none' } : undefined }}
      okButtonProps={{ loading: mut.isPending, 'data-testid': 'case-action-submit' } as ButtonProps}
      forceRender
    >
      {affected !== null ? (
        <Alert
          type="success"
          showIcon
          title={
            <span>
              {t('caseActions.affected')}: <strong data-testid="case-action-affected">{affected}</strong>
            </span>
          }
        />
      ) : (
        <>
          <ApiErrorAlert error={mut.error} />
          <Form form={form} layout="vertical">
            <Form.Item name="scope" label={t('caseActions.scope')} rules={[{ required: true }]}>
              <Radio.Group>
                <Radio value="selected" disabled={selectedIds.length === 0} data-testid="case-action-scope-selected">
                  {t('caseActions.scopeSelected', { count: selectedIds.length })}
                </Radio>
                <Radio value="filter" data-testid="case-action-scope-filter">
                  {t('caseActions.scopeFilter', { count: total, total: formatInt(total, i18n.language) + (more ? '+' : '') })}
                </Radio>
              </Radio.Group>
            </Form.Item>
            {action === 'assign' && (
              <Form.Item name="assigneeId" label={t('caseActions.assignee')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select
                  data-testid="case-action-assignee"
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={collectors.isPending}
                  options={(collectors.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
                />
              </Form.Item>
            )}
            <Form.Item name="reason" label={t('caseActions.reason')} rules={[{ required: true, whitespace: true, message: t('caseActions.reasonRequired') }]}>
              <Input.TextArea data-testid="case-action-reason" rows={3} maxLength={500} showCount />
            </Form.Item>
            {action !== 'assign' && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t(`caseActions.${action ?? 'pause'}Hint`)}
              </Typography.Paragraph>
            )}
          </Form>
        </>
      )}
    </Modal>
  );
}

import { useState } from 'react';
import { Alert, Form, Select, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportKind, type ImportPreview } from '@recova/contracts';
import { uploadImport } from './api';
import { ApiErrorAlert } from '../../shared/errors';
import { apiUrl } from '../../shared/api';

export const ENCODINGS = ['UTF-8', 'GB18030', 'GBK', 'UTF-16LE', 'UTF-16BE', 'Big5'];

export function UploadStep({
  batchId,
  kind,
  onKindChange,
  onUploaded,
}: {
  batchId: number;
  kind: ImportKind;
  onKindChange: (k: ImportKind) => void;
  onUploaded: (p: ImportPreview) => void;
}) {
  const { t, i18n } = useTranslation();
  const [encoding, setEncoding] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);

  return (
    <div style={{ maxWidth: 720 }}>
      <Form layout="vertical">
        <Form.Item label={t('imports.kind')} required>
          <Select<ImportKind>
            data-testid="import-kind"
            value={kind}
            onChange={onKindChange}
            options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`importKind.${k}`), 'data-testid': `import-kind-${k}` }))}
            style={{ width: 280 }}
          />
        </Form.Item>
        <Form.Item label={t('imports.encoding')} extra={t('imports.encodingHint')}>
          <Select
            data-testid="import-encoding"
            allowClear
            placeholder={t('imports.encodingAuto')}
            value={encoding}
            onChange={setEncoding}
            options={ENCODINGS.map((e) => ({ value: e, label: e }))}
            style={{ width: 280 }}
          />
        </Form.Item>
      </Form>
      <ApiErrorAlert error={error} testId="import-upload-error" />
      <Upload.Dragger
        data-testid="import-upload"
        accept=".xlsx,.xls,.csv,.txt"
        multiple={false}
        showUploadList={false}
        disabled={uploading}
        customRequest={({ file, onSuccess, onError }) => {
          setError(null);
          setUploading(true);
          uploadImport({ batchId, kind, file: file as File, encoding })
            .then((p) => {
              onSuccess?.(p);
              onUploaded(p);
            })
            .catch((e: unknown) => {
              setError(e);
              onError?.(e instanceof Error ? e : new Error(String(e)));
            })
            .finally(() => setUploading(false));
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{uploading ? t('imports.uploading') : t('imports.dropHint')}</p>
        <p className="ant-upload-hint">{t('imports.formats')}</p>
      </Upload.Dragger>
      <Alert
        style={{ marginTop: 16 }}
        type="info"
        showIcon
        title={
          <Space wrap>
            <span>{t('imports.templateHint')}</span>
            <Typography.Link
              href={apiUrl('/import-template', { lang: i18n.language === 'en-US' ? 'en' : 'zh' })}
              data-testid="import-template-download"
            >
              <DownloadOutlined /> {t('imports.downloadTemplate')}
            </Typography.Link>
            <Typography.Text type="secondary">|</Typography.Text>
            <Typography.Link href={apiUrl('/import-template', { lang: 'zh' })} data-testid="import-template-zh">
              {t('imports.templateZh')}
            </Typography.Link>
            <Typography.Link href={apiUrl('/import-template', { lang: 'en' })} data-testid="import-template-en">
              {t('imports.templateEn')}
            </Typography.Link>
            <Typography.Link href={apiUrl('/import-template', { lang: 'both' })} data-testid="import-template-both">
              {t('imports.templateBoth')}
            </Typography.Link>
          </Space>
        }
      />
    </div>
  );
}

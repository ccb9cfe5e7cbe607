/** Import wizard: 1 upload → 2 preview & mapping → 3 progress & result. `?importId=` reopens an import. */
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, Card, Space, Steps, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportItem, type ImportKind, type ImportPreview } from '@recova/contracts';
import { UploadStep } from './UploadStep';
import { MappingStep } from './MappingStep';
import { ResultStep } from './ResultStep';
import { usePreview } from './api';
import { useBatch } from '../batches/api';
import { BatchStatusTag } from '../batches/BatchStatusTag';
import { FullPageSpin } from '../../app/guards';
import { api } from '../../shared/api';
import { ApiErrorAlert } from '../../shared/errors';
import { useCan } from '../../app/auth';

type Step = 0 | 1 | 2;

export default function ImportWizardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const batchId = Number(useParams().batchId);
  const [params, setParams] = useSearchParams();
  const batch = useBatch(batchId);
  const kindParam = params.get('kind') as ImportKind | null;
  const [kind, setKind] = useState<ImportKind>(kindParam && IMPORT_KINDS.includes(kindParam) ? kindParam : 'cases');
  const [step, setStep] = useState<Step>(0);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [committed, setCommitted] = useState<ImportItem | undefined>(undefined);
  const [importId, setImportId] = useState<number | null>(null);
  const reopen = usePreview();
  const [reopenError, setReopenError] = useState<unknown>(null);

  // ?importId=N: show its result, or resume its mapping when not yet committed.
  const importIdParam = Number(params.get('importId')) || null;
  useEffect(() => {
    if (!importIdParam || importIdParam === importId) return;
    let cancelled = false;
    setReopenError(null);
    api
      .get<ImportItem>(`/imports/${importIdParam}`)
      .then((item) => {
        if (cancelled) return;
        setImportId(item.id);
        setKind(item.kind);
        if (item.status === 'uploaded' || item.status === 'parsed') {
          reopen.mutate(
            { id: item.id },
            {
              onSuccess: (p) => {
                setPreview(p);
                setStep(1);
              },
              onError: setReopenError,
            },
          );
        } else {
          setCommitted(item);
          setStep(2);
        }
      })
      .catch((e: unknown) => !cancelled && setReopenError(e));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [importIdParam]);

  const setUrlImport = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('importId', String(id));
    else next.delete('importId');
    setParams(next, { replace: true });
  };

  const restart = () => {
    setPreview(null);
    setCommitted(undefined);
    setImportId(null);
    setUrlImport(null);
    setStep(0);
  };

  if (batch.isPending) return <FullPageSpin />;
  if (batch.error || !batch.data) return <ApiErrorAlert error={batch.error} />;
  const b = batch.data;

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/batches/${b.id}`)} aria-label={t('common.back')} />
          <span>{t('imports.wizardTitle')}</span>
          <Typography.Text type="secondary">
            {b.clientCode} · {b.batchNo}
          </Typography.Text>
          <BatchStatusTag status={b.status} />
        </Space>
      }
    >
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('imports.stepUpload') }, { title: t('imports.stepMapping') }, { title: t('imports.stepResult') }]}
      />
      <ApiErrorAlert error={reopenError} />
      {step === 0 && (
        <UploadStep
          batchId={b.id}
          kind={kind}
          onKindChange={setKind}
          onUploaded={(p) => {
            setPreview(p);
            setImportId(p.importId);
            setUrlImport(p.importId);
            setStep(1);
          }}
        />
      )}
      {step === 1 && preview && (
        <MappingStep
          preview={preview}
          defaultCurrency={b.currency}
          onPreview={setPreview}
          onBack={restart}
          onCommitted={(item) => {
            setCommitted(item);
            setStep(2);
          }}
        />
      )}
      {step === 2 && importId && (
        <ResultStep
          importId={importId}
          initial={committed}
          actions={
            <>
              <Button data-testid="import-again" onClick={restart}>
                {t('imports.importAnother')}
              </Button>
              <Button data-testid="import-back-to-batch" onClick={() => navigate(`/batches/${b.id}`)}>
                {t('imports.backToBatch')}
              </Button>
              {can('cases.read') && (
                <Button type="primary" data-testid="import-view-cases" onClick={() => navigate(`/cases?batchId=${b.id}`)}>
                  {t('batches.viewCases')}
                </Button>
              )}
            </>
          }
        />
      )}
    </Card>
  );
}

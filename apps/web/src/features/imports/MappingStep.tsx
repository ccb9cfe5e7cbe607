import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldInfo, ImportItem, ImportPreview } from '@recova/contracts';
import { useCommit, useFields, usePreview } from './api';
import { columnLetter, MAX_CONTACTS, targetToValue, valueToTarget } from './targets';
import { ENCODINGS } from './UploadStep';
import { ApiErrorAlert } from '../../shared/errors';
import { CURRENCIES } from '../../shared/constants';

interface Row {
  column: number;
  header: string;
  samples: string[];
  value: string;
  customName: string;
}

function rowsFrom(p: ImportPreview): Row[] {
  return p.columns.map((c) => ({
    column: c.column,
    header: c.header,
    samples: c.samples,
    value: targetToValue(c.target),
    customName: c.target.kind === 'custom' ? c.target.name : c.header,
  }));
}

export function MappingStep({
  preview,
  defaultCurrency,
  onPreview,
  onCommitted,
  onBack,
}: {
  preview: ImportPreview;
  defaultCurrency: string;
  onPreview: (p: ImportPreview) => void;
  onCommitted: (item: ImportItem) => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const fields = useFields();
  const previewMut = usePreview();
  const commit = useCommit();

  const [rows, setRows] = useState<Row[]>(() => rowsFrom(preview));
  const [sourceKey, setSourceKey] = useState(`${preview.importId}|${preview.sheet}|${preview.encoding}`);
  const [generateCaseRef, setGenerateCaseRef] = useState(preview.options.generateCaseRef);
  const [debtorNameOptional, setDebtorNameOptional] = useState(preview.options.debtorNameOptional);
  const [currency, setCurrency] = useState(preview.options.currency ?? defaultCurrency);
  const [saveAsTemplate, setSaveAsTemplate] = useState(false);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  // A new preview (other sheet or encoding) replaces the mapping rows.
  const key = `${preview.importId}|${preview.sheet}|${preview.encoding}`;
  if (key !== sourceKey) {
    setSourceKey(key);
    setRows(rowsFrom(preview));
  }

  const label = (f: FieldInfo) => (en ? f.labelEn : f.label);
  const targetOptions = useMemo(() => {
    const f = fields.data;
    const fieldOpts = (f?.fields ?? []).map((x) => ({ value: `field:${x.key}`, label: `${label(x)} (${x.key})` }));
    const contactOpts: { value: string; label: string }[] = [];
    for (let n = 1; n <= MAX_CONTACTS; n++) {
      for (const c of f?.contactFields ?? []) {
        contactOpts.push({ value: `contact:${n}:${c.key}`, label: t('imports.contactField', { n, field: label(c) }) });
      }
    }
    return [
      { label: t('imports.groupSpecial'), options: [{ value: 'custom', label: t('imports.customField') }, { value: 'ignore', label: t('imports.ignore') }] },
      { label: t('imports.groupFields'), options: fieldOpts },
      { label: t('imports.groupContacts'), options: contactOpts },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fields.data, en, t]);

  const duplicates = useMemo(() => {
    const seen = new Map<string, number>();
    for (const r of rows) if (r.value !== 'ignore' && r.value !== 'custom') seen.set(r.value, (seen.get(r.value) ?? 0) + 1);
    return new Set([...seen].filter(([, n]) => n > 1).map(([v]) => v));
  }, [rows]);

  const setRow = (column: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.column === column ? { ...r, ...patch } : r)));

  const reload = (sheet: string | undefined, encoding: string | undefined) => {
    previewMut.mutate({ id: preview.importId, sheet, encoding }, { onSuccess: onPreview });
  };

  const doCommit = () => {
    setLocalError(null);
    const mapping = rows.map((r) => ({ column: r.column, header: r.header, target: valueToTarget(r.value, r.header, r.customName) }));
    if (!mapping.some((m) => m.target.kind !== 'ignore')) {
      setLocalError(t('imports.nothingMapped'));
      return;
    }
    if (duplicates.size > 0) {
      setLocalError(t('imports.duplicateTargets'));
      return;
    }
    commit.mutate(
      {
        id: preview.importId,
        body: {
          sheet: preview.sheet ?? undefined,
          mapping,
          options: { generateCaseRef, debtorNameOptional, currency },
          saveAsTemplate,
          allOrNothing,
        },
      },
      { onSuccess: onCommitted },
    );
  };

  const busy = previewMut.isPending;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="import-preview-info">
        <Descriptions.Item label={t('imports.file')}>{preview.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('imports.format')}>
          <span data-testid="import-format">{preview.format.toUpperCase()}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.encoding')}>
          {preview.format === 'csv' ? (
            <Select
              data-testid="import-preview-encoding"
              size="small"
              style={{ width: 140 }}
              value={preview.encoding ?? undefined}
              disabled={busy}
              onChange={(e: string) => reload(preview.sheet ?? undefined, e)}
              options={[
                ...(preview.encoding ? [preview.encoding] : []),
                ...ENCODINGS.filter((e) => e.toLowerCase() !== (preview.encoding ?? '').toLowerCase()),
              ].map((e) => ({ value: e, label: e }))}
            />
          ) : (
            <span data-testid="import-encoding-value">{preview.encoding ?? '—'}</span>
          )}
        </Descriptions.Item>
        {preview.format !== 'csv' && preview.sheets.length > 0 && (
          <Descriptions.Item label={t('imports.sheet')}>
            <Select
              data-testid="import-sheet"
              size="small"
              style={{ minWidth: 200 }}
              value={preview.sheet ?? undefined}
              loading={busy}
              disabled={busy}
              onChange={(s: string) => reload(s, undefined)}
              options={preview.sheets.map((s) => ({
                value: s.name,
                'data-testid': `import-sheet-option-${s.name}`,
                label: (
                  <span>
                    {s.name}
                    {s.hidden && (
                      <Tag style={{ marginLeft: 6 }} color="orange" data-testid="hidden-sheet-tag">
                        {t('imports.hiddenSheet')}
                      </Tag>
                    )}
                  </span>
                ),
              }))}
            />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('imports.headerRows')}>
          <span data-testid="import-header-rows">{preview.headerRows.length ? preview.headerRows.join(', ') : '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.mappingSource')}>
          <Tag color={preview.mappingSource === 'saved' ? 'green' : 'blue'} data-testid={`mapping-source-${preview.mappingSource}`}>
            {t(preview.mappingSource === 'saved' ? 'imports.mappingSaved' : 'imports.mappingAuto')}
          </Tag>
        </Descriptions.Item>
      </Descriptions>

      <ApiErrorAlert error={previewMut.error} />
      {preview.problem && (
        <Alert
          data-testid="import-problem"
          type="warning"
          showIcon
          title={t('imports.noHeader')}
          description={
            <>
              <div>{preview.problem}</div>
              <div>{t('imports.problemHint')}</div>
            </>
          }
        />
      )}

      {!preview.problem && (
        <>
          <Table<Row>
            data-testid="import-mapping-table"
            rowKey="column"
            size="small"
            loading={busy}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900, y: 480 }}
            onRow={(r) => ({ 'data-testid': `mapping-row-${r.column}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('imports.colLetter'), dataIndex: 'column', width: 60, render: (c: number) => columnLetter(c) },
              { title: t('imports.sourceHeader'), dataIndex: 'header', width: 200, render: (h: string) => (h ? <Typography.Text strong>{h}</Typography.Text> : <Typography.Text type="secondary">{t('imports.emptyHeader')}</Typography.Text>) },
              {
                title: t('imports.samples'),
                dataIndex: 'samples',
                render: (s: string[]) => (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
                    {s.filter((x) => x !== '').slice(0, 3).join(' | ') || '—'}
                  </Typography.Text>
                ),
              },
              {
                title: t('imports.target'),
                key: 'target',
                width: 320,
                render: (_: unknown, r) => (
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Select
                      data-testid={`mapping-target-${r.column}`}
                      style={{ width: '100%' }}
                      showSearch={{ optionFilterProp: 'label' }}
                      status={duplicates.has(r.value) ? 'error' : undefined}
                      value={r.value}
                      options={targetOptions}
                      loading={fields.isPending}
                      onChange={(v: string) => setRow(r.column, { value: v })}
                    />
                    {r.value === 'custom' && (
                      <Input
                        size="small"
                        data-testid={`mapping-custom-${r.column}`}
                        prefix={<Typography.Text type="secondary">{t('imports.customName')}:</Typography.Text>}
                        value={r.customName}
                        maxLength={128}
                        onChange={(e) => setRow(r.column, { customName: e.target.value })}
                      />
                    )}
                  </Space>
                ),
              },
            ]}
          />

          <Space wrap size="large">
            <Checkbox data-testid="opt-generate-case-ref" checked={generateCaseRef} onChange={(e) => setGenerateCaseRef(e.target.checked)}>
              {t('imports.optGenerateCaseRef')}
            </Checkbox>
            <Checkbox data-testid="opt-debtor-name-optional" checked={debtorNameOptional} onChange={(e) => setDebtorNameOptional(e.target.checked)}>
              {t('imports.optDebtorNameOptional')}
            </Checkbox>
            <Space>
              <span>{t('imports.optCurrency')}</span>
              <Select
                data-testid="opt-currency"
                size="small"
                style={{ width: 100 }}
                value={currency}
                onChange={setCurrency}
                showSearch
                options={[...new Set([currency, ...CURRENCIES])].map((c) => ({ value: c, label: c }))}
              />
            </Space>
            <Checkbox data-testid="opt-save-template" checked={saveAsTemplate} onChange={(e) => setSaveAsTemplate(e.target.checked)}>
              {t('imports.optSaveTemplate')}
            </Checkbox>
            <Checkbox data-testid="opt-all-or-nothing" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)}>
              {t('imports.optAllOrNothing')}
            </Checkbox>
          </Space>
        </>
      )}

      {localError && <Alert type="error" showIcon title={localError} data-testid="mapping-error" />}
      <ApiErrorAlert error={commit.error} testId="commit-error" />

      <Space>
        <Button onClick={onBack} data-testid="import-back">
          {t('imports.uploadAnother')}
        </Button>
        <Button
          type="primary"
          data-testid="import-commit"
          disabled={!!preview.problem || busy}
          loading={commit.isPending}
          onClick={doCommit}
        >
          {t('imports.startImport')}
        </Button>
      </Space>
    </Space>
  );
}

/** The case list's export button: downloads, or explains that the export awaits approval. */
import { useState } from 'react';
import { App as AntApp, Button } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { QueryValue } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { downloadOrRequest } from './api';

export function ExportCasesButton({ filter }: { filter: Record<string, QueryValue> }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const run = async () => {
    setBusy(true);
    try {
      const id = await downloadOrRequest('/cases/export.xlsx', filter, 'cases.xlsx');
      if (id !== null) {
        const inst = modal.info({
          title: t('exportRequests.neededTitle'),
          content: (
            <div data-testid="export-approval-needed">
              {t('exportRequests.neededBody', { id })} <a
                href="/export-requests"
                onClick={(e) => {
                  e.preventDefault(); // the modal renders outside the router: navigate from here
                  inst.destroy();
                  navigate('/export-requests');
                }}
              >
                {t('exportRequests.open')}
              </a>
            </div>
          ),
        });
      }
    } catch (e) {
      void message.error(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button data-testid="cases-export" icon={<ExportOutlined />} loading={busy} onClick={() => void run()}>
      {t('cases.export')}
    </Button>
  );
}

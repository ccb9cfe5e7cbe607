/** The case list's export button: downloads, or explains that the export awaits approval. */
import { useState } from 'react';
import { App as AntApp, Button } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/errors';
import { exportOrRequest } from './api';

export function ExportCasesButton({ filter, reveal = false, testId = 'cases-export', label }: { filter: Record<string, unknown>; reveal?: boolean; testId?: string; label?: string }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const run = async () => {
    setBusy(true);
    try {
      const id = await exportOrRequest(filter, reveal);
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
    <Button data-testid={testId} icon={<ExportOutlined />} loading={busy} onClick={() => void run()}>
      {label ?? t('cases.export')}
    </Button>
  );
}

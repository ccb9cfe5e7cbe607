/** TOTP enrolment: start setup (QR code + secret), confirm with a code from the app. */
import { useState } from 'react';
import { Button, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../shared/errors';
import { useTotpEnable, useTotpSetup } from './api';

export function TotpEnrol({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const [code, setCode] = useState('');
  if (!setup.data) {
    return (
      <>
        <ApiErrorAlert error={setup.error} />
        <Button data-testid="totp-setup" type="primary" loading={setup.isPending} onClick={() => setup.mutate()}>
          {t('security.totpSetup')}
        </Button>
      </>
    );
  }
  return (
    <Space orientation="vertical">
      <Typography.Text>{t('security.totpScan')}</Typography.Text>
      <img data-testid="totp-qr" src={setup.data.qrDataUrl} alt={t('security.totpQrAlt')} width={200} height={200} />
      <Typography.Text type="secondary">
        {t('security.totpSecret')}: <Typography.Text code copyable data-testid="totp-secret">{setup.data.secret}</Typography.Text>
      </Typography.Text>
      <ApiErrorAlert error={enable.error} />
      <Space.Compact>
        <Input data-testid="totp-code" inputMode="numeric" maxLength={6} placeholder="123456" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
        <Button data-testid="totp-enable" type="primary" disabled={code.length !== 6} loading={enable.isPending} onClick={() => enable.mutate(code, { onSuccess: () => onDone?.() })}>
          {t('security.totpEnable')}
        </Button>
      </Space.Compact>
    </Space>
  );
}

import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from './i18n';

const LABELS: Record<Lang, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

/** Header / login-page language menu: `lang-switch` opens it, `lang-zh-CN` / `lang-en-US` choose. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const current: Lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: (Object.keys(LABELS) as Lang[]).map((l) => ({ key: l, label: <span data-testid={`lang-${l}`}>{LABELS[l]}</span> })),
        onClick: ({ key }) => setLang(key as Lang),
      }}
    >
      <Button data-testid="lang-switch" size="small" type="text" icon={<GlobalOutlined />}>
        {LABELS[current]}
      </Button>
    </Dropdown>
  );
}

import { Segmented } from 'antd';
import { type Lang, useI18n } from '../../lib/i18n.ts';

/** 中文 / EN; the choice is kept in localStorage. */
export function LangSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size={size}
      value={lang}
      onChange={setLang}
      aria-label={t('lang.switch')}
      options={[
        { value: 'zh-CN', label: t('lang.zh') },
        { value: 'en', label: t('lang.en') },
      ]}
    />
  );
}

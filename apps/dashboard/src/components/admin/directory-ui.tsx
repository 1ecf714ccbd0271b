import { useState } from 'react';
import { useDirectoryT } from '../../i18n/admin-directory.ts';
import '../../admin-directory.css';

/** A secret shown once: read-only text the user can select, and a copy button that says whether it worked. */
export function SecretBox({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useDirectoryT();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <div className="secret-box">
      <span className="secret-label">{label}</span>
      <div className="secret-row">
        <code className="secret-value" data-testid={testId}>
          {value}
        </code>
        <button type="button" className="button button-small" onClick={copy}>
          {t('dir.copy')}
        </button>
      </div>
      <p className="secret-copy-state" role="status">
        {copied === 'yes' ? t('dir.copied') : copied === 'no' ? t('dir.copyFailed') : ''}
      </p>
    </div>
  );
}

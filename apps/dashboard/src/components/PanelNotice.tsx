import { useT } from '../i18n/index.ts';

/** A failed incident action in the panel: what failed, the API's message, and (after a 409) a reload of the incident. */
export function PanelNotice({ title, message, onReload, testId }: { title: string; message: string; onReload?: () => void; testId?: string }) {
  const { t } = useT();
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <p>
        <strong>{title}</strong> {message}
      </p>
      {onReload && (
        <button type="button" className="button" onClick={onReload}>
          {t('panel.reload')}
        </button>
      )}
    </div>
  );
}

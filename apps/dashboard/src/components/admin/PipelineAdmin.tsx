import { adminApi } from '../../admin-api.ts';
import { formatDateTime, humanize } from '../../format.ts';
import { LoadError, LoadingState, useLoad } from './ui.tsx';
import { en } from '../../i18n/en.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';

const loadPipeline = (signal: AbortSignal) => adminApi.pipeline(signal);

export function PipelineAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const pipeline = useLoad(loadPipeline, onUnauthorized);
  const { t, language } = useT();
  const jobLabel = (state: string) =>
    `pipeline.job.${state}` in en ? t(`pipeline.job.${state}` as MessageKey) : t('pipeline.jobs', { state });
  const data = pipeline.state.kind === 'loaded' ? pipeline.state.data : null;
  return (
    <div className="admin-section">
      <div className="card-head">
        <p className="muted admin-intro">{t('pipeline.intro')}</p>
        <button type="button" className="button button-small" onClick={pipeline.reload}>{t('admin.refresh')}</button>
      </div>
      {pipeline.state.kind === 'loading' ? (
        <LoadingState what={t('pipeline.what')} />
      ) : pipeline.state.kind === 'error' ? (
        <LoadError message={t('pipeline.loadFailed')} error={pipeline.state.error} onRetry={pipeline.reload} />
      ) : data && (
        <>
          <section className="admin-card" aria-labelledby="counts-heading">
            <h2 id="counts-heading">{t('pipeline.counts')}</h2>
            <div className="stat-groups">
              <dl className="stats" aria-label={t('pipeline.reportsByStatus')}>
                {(['queued', 'triaged', 'failed'] as const).map((status) => (
                  <div key={status} className={`stat${status === 'failed' && (data.reports[status] ?? 0) > 0 ? ' is-bad' : ''}`}>
                    <dt>{t(`pipeline.reports.${status}`)}</dt>
                    <dd>{data.reports[status] ?? 0}</dd>
                  </div>
                ))}
              </dl>
              {data.queue ? (
                <dl className="stats" aria-label={t('pipeline.queueJobs')}>
                  {Object.entries(data.queue).map(([name, count]) => (
                    <div key={name} className={`stat${name === 'failed' && count > 0 ? ' is-bad' : ''}`}>
                      <dt>{jobLabel(name)}</dt>
                      <dd>{count}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <div className="notice notice-error">{t('pipeline.queueDown')}</div>
              )}
            </div>
          </section>
          <section className="admin-card" aria-labelledby="failed-reports-heading">
            <h2 id="failed-reports-heading">{t('pipeline.failedReports')}</h2>
            {data.failedReports.length === 0 ? (
              <p className="empty-note">{t('pipeline.noFailedReports')}</p>
            ) : (
              <div className="table-wrap">
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('pipeline.received')}</th>
                      <th scope="col">{t('pipeline.organisation')}</th>
                      <th scope="col">{t('pipeline.claim')}</th>
                      <th scope="col">{t('pipeline.failure')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.failedReports.map((report) => (
                      <tr key={report.id}>
                        <td>{formatDateTime(language, report.receivedAt)}</td>
                        <td>{report.organisationName}</td>
                        <td className="cell-wrap">{report.claim}</td>
                        <td className="cell-wrap">{report.failure ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="admin-card" aria-labelledby="failed-jobs-heading">
            <h2 id="failed-jobs-heading">{t('pipeline.failedJobs')}</h2>
            {data.failedJobs.length === 0 ? (
              <p className="empty-note">{t('pipeline.noFailedJobs')}</p>
            ) : (
              <div className="table-wrap">
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('pipeline.failedAt')}</th>
                      <th scope="col">{t('pipeline.job')}</th>
                      <th scope="col" className="num">{t('pipeline.attempts')}</th>
                      <th scope="col">{t('pipeline.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.failedJobs.map((job) => (
                      <tr key={job.id}>
                        <td>{job.failedAt ? formatDateTime(language, job.failedAt) : '—'}</td>
                        <td>{`${humanize(job.name)} #${job.id}`}</td>
                        <td className="num">{job.attemptsMade}</td>
                        <td className="cell-wrap">{job.failedReason || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}

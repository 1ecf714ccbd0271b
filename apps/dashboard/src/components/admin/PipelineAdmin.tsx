import { adminApi } from '../../admin-api.ts';
import { formatDateTime, humanize } from '../../format.ts';
import { LoadError, LoadingState, useLoad } from './ui.tsx';

const loadPipeline = (signal: AbortSignal) => adminApi.pipeline(signal);

export function PipelineAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const pipeline = useLoad(loadPipeline, onUnauthorized);
  const data = pipeline.state.kind === 'loaded' ? pipeline.state.data : null;
  return (
    <div className="admin-section">
      <div className="card-head">
        <p className="muted admin-intro">Reports waiting for triage, the triage queue, and what triage could not process.</p>
        <button type="button" className="button button-small" onClick={pipeline.reload}>Refresh</button>
      </div>
      {pipeline.state.kind === 'loading' ? (
        <LoadingState what="pipeline health" />
      ) : pipeline.state.kind === 'error' ? (
        <LoadError what="Pipeline health" error={pipeline.state.error} onRetry={pipeline.reload} />
      ) : data && (
        <>
          <section className="admin-card" aria-labelledby="counts-heading">
            <h2 id="counts-heading">Counts</h2>
            <div className="stat-groups">
              <dl className="stats" aria-label="Reports by status">
                {['queued', 'triaged', 'failed'].map((status) => (
                  <div key={status} className={`stat${status === 'failed' && (data.reports[status] ?? 0) > 0 ? ' is-bad' : ''}`}>
                    <dt>{`Reports ${status}`}</dt>
                    <dd>{data.reports[status] ?? 0}</dd>
                  </div>
                ))}
              </dl>
              {data.queue ? (
                <dl className="stats" aria-label="Triage queue jobs">
                  {Object.entries(data.queue).map(([name, count]) => (
                    <div key={name} className={`stat${name === 'failed' && count > 0 ? ' is-bad' : ''}`}>
                      <dt>{`Jobs ${name}`}</dt>
                      <dd>{count}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <div className="notice notice-error">The triage queue did not answer (Redis unavailable): job counts are unknown.</div>
              )}
            </div>
          </section>
          <section className="admin-card" aria-labelledby="failed-reports-heading">
            <h2 id="failed-reports-heading">Reports triage could not process</h2>
            {data.failedReports.length === 0 ? (
              <p className="empty-note">None. Every report was triaged or is waiting.</p>
            ) : (
              <div className="table-wrap">
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">Received</th>
                      <th scope="col">Organisation</th>
                      <th scope="col">Claim</th>
                      <th scope="col">Failure</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.failedReports.map((report) => (
                      <tr key={report.id}>
                        <td>{formatDateTime(report.receivedAt)}</td>
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
            <h2 id="failed-jobs-heading">Failed jobs</h2>
            {data.failedJobs.length === 0 ? (
              <p className="empty-note">No failed jobs.</p>
            ) : (
              <div className="table-wrap">
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">Failed</th>
                      <th scope="col">Job</th>
                      <th scope="col" className="num">Attempts</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.failedJobs.map((job) => (
                      <tr key={job.id}>
                        <td>{job.failedAt ? formatDateTime(job.failedAt) : '—'}</td>
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

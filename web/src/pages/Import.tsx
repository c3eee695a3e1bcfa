import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, csrfToken, ok, type Schemas } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

type Report = Schemas['ImportRunResponse'];

/**
 * The NDJSON body goes up with XMLHttpRequest: fetch cannot report upload progress. The answer is
 * the same typed report the generated client describes.
 */
function upload(file: File, onProgress: (share: number) => void): Promise<Report> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/import');
    xhr.setRequestHeader('Content-Type', 'application/x-ndjson');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiProblem(0, 'NETWORK', 'network'));
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}') as Report & {
        code?: string;
        detail?: string;
      };
      if (xhr.status < 300) resolve(body);
      else
        reject(new ApiProblem(xhr.status, body.code ?? 'UNKNOWN', body.detail ?? xhr.statusText));
    };
    xhr.send(file);
  });
}

/** Operators: upload an NDJSON file, watch it go up, then read what was refused, line by line. */
export function Import() {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [report, setReport] = useState<Report>();
  const [problem, setProblem] = useState<unknown>();
  const rejections = useQuery({
    queryKey: ['rejections', report?.id],
    queryFn: () =>
      ok(
        api.GET('/v1/imports/{id}/rejections', {
          params: { path: { id: report!.id }, query: { limit: 1000 } },
        }),
      ),
    enabled: !!report && report.rejected > 0,
  });
  const n = new Intl.NumberFormat(i18n.language);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setProblem(undefined);
    setReport(undefined);
    setProgress(0);
    try {
      setReport(await upload(file, setProgress));
    } catch (error) {
      setProblem(error);
    }
  };
  return (
    <section>
      <h1>{t('import.heading')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)}>
        <label htmlFor="import-file">{t('import.file')}</label>
        <input
          id="import-file"
          type="file"
          accept=".ndjson,.jsonl,application/x-ndjson"
          onChange={(e) => setFile(e.target.files?.[0])}
        />
        <button type="submit" disabled={!file}>
          {t('import.upload')}
        </button>
        {progress !== undefined && (
          <p>
            <label htmlFor="import-progress">{t('import.progress')}</label>
            <progress id="import-progress" max={1} value={progress}>
              {Math.round(progress * 100)}%
            </progress>
          </p>
        )}
      </form>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {report && (
        <dl className="facts" aria-label={t('import.report')}>
          <dt>{t('import.lines')}</dt>
          <dd>{n.format(report.lines)}</dd>
          <dt>{t('import.created')}</dt>
          <dd>{n.format(report.created)}</dd>
          <dt>{t('import.updated')}</dt>
          <dd>{n.format(report.updated)}</dd>
          <dt>{t('import.unchanged')}</dt>
          <dd>{n.format(report.unchanged)}</dd>
          <dt>{t('import.rejected')}</dt>
          <dd>{n.format(report.rejected)}</dd>
        </dl>
      )}
      {rejections.error && <ProblemMessage error={rejections.error} />}
      {rejections.data && (
        <table>
          <caption>{t('import.rejections')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.line')}</th>
              <th scope="col">{t('import.field')}</th>
              <th scope="col">{t('import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rejections.data.items.flatMap((r) =>
              r.problems.map((p, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td>{r.line}</td>
                  <td>{p.field}</td>
                  <td>{p.reason}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useRef, useState } from 'preact/hooks';
import { api, send } from '../../api/http';
import type { AttachmentView, Draft, Form } from '../../api/types';
import { t } from '../../i18n';
import { bytes } from '../../i18n/format';
import { SelectField } from '../../ui/fields';
import { describeProblem } from '../../ui/problem';

/** Why a file may not be attached, checked before upload (DOC-04: PDF only, at most 10 MB in all). */
export async function refusalOf(file: File, used: number, limit: number): Promise<string | undefined> {
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  const isPdf = String.fromCharCode(...head) === '%PDF-';
  if (!isPdf) return t('attach.notPdf', { name: file.name });
  if (file.size === 0) return t('attach.empty', { name: file.name });
  if (used + file.size > limit)
    return t('attach.tooBig', { name: file.name, size: bytes(file.size), left: bytes(Math.max(0, limit - used)) });
  return undefined;
}

/** The draft's PDF attachments: each file and the total against the limit, shown before upload. */
export function Attachments({ draft, form, changed }: { draft: Draft; form: Form; changed(): void }) {
  const [kind, setKind] = useState('');
  const [file, setFile] = useState<File>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const limit = draft.attachmentsLimitBytes || form.attachments.maxTotalBytes;
  const used = draft.attachmentsBytes;
  const kindLabel = (k: string) => form.attachmentKinds.find((x) => x.value === k)?.label ?? k;

  const choose = async (f: File | undefined) => {
    setFile(f);
    setProblem(f ? await refusalOf(f, used, limit) : undefined);
  };
  const upload = async () => {
    if (!kind) return setProblem(t('attach.chooseKind'));
    if (!file) return setProblem(t('attach.chooseFile'));
    const why = await refusalOf(file, used, limit);
    if (why) return setProblem(why);
    setBusy(true);
    try {
      const body = new FormData();
      body.append('kind', kind);
      body.append('file', file, file.name);
      await send(`/api/v1/seap/drafts/${encodeURIComponent(draft.id)}/attachments`, {
        method: 'POST',
        body,
        headers: { accept: 'application/json' },
      });
      setFile(undefined);
      setProblem(undefined);
      if (input.current) input.current.value = '';
      changed();
    } catch (e) {
      setProblem(describeProblem(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (a: AttachmentView) => {
    try {
      await api.delete('/api/v1/seap/drafts/{id}/attachments/{attachmentId}', {
        path: { id: draft.id, attachmentId: a.id },
      });
      changed();
    } catch (e) {
      setProblem(describeProblem(e));
    }
  };
  return (
    <section aria-labelledby="attach-title" class="attachments">
      <h2 id="attach-title">{t('attach.title')}</h2>
      <p>{t('attach.rules', { limit: bytes(limit) })}</p>
      <p>
        <label for="attach-meter">{t('attach.used', { used: bytes(used), limit: bytes(limit) })}</label>{' '}
        <meter id="attach-meter" class="meter" min={0} max={limit} value={used} />
      </p>
      {draft.attachments.length ? (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('attach.file')}</th>
              <th scope="col">{t('attach.kind')}</th>
              <th scope="col">{t('attach.size')}</th>
              <th scope="col">{t('table.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.attachments.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}</th>
                <td>{kindLabel(a.kind)}</td>
                <td>{bytes(a.size)}</td>
                <td>
                  <button type="button" class="link-button" onClick={() => remove(a)}>
                    {t('attach.remove')}
                    <span class="visually-hidden"> {a.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('attach.none')}</p>
      )}
      <div class="form">
        <SelectField
          id="attach-kind"
          label={t('attach.kind')}
          value={kind}
          options={form.attachmentKinds}
          onChange={setKind}
        />
        <div class={`field${problem ? ' field-has-error' : ''}`}>
          <label for="attach-file" class="field-label">
            {t('attach.file')}
          </label>
          <p id="attach-file-hint" class="field-hint">
            {file
              ? t('attach.chosen', {
                  name: file.name,
                  size: bytes(file.size),
                  after: bytes(used + file.size),
                  limit: bytes(limit),
                })
              : t('attach.pdfOnly')}
          </p>
          {problem ? (
            <p id="attach-file-error" class="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <input
            ref={input}
            id="attach-file"
            type="file"
            accept="application/pdf,.pdf"
            class="input"
            aria-describedby={problem ? 'attach-file-hint attach-file-error' : 'attach-file-hint'}
            aria-invalid={problem ? 'true' : undefined}
            onChange={(e) => choose((e.currentTarget as HTMLInputElement).files?.[0])}
          />
        </div>
        <div class="actions">
          <button type="button" class="button button-secondary" disabled={busy} onClick={upload}>
            {t('attach.upload')}
          </button>
        </div>
      </div>
    </section>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ProblemError } from '../../api/http';
import type { DocumentView, Draft, Form } from '../../api/types';
import { refusalOf } from '../../forms/problems';
import { SchemaForm, type FieldErrors } from '../../forms/SchemaForm';
import { mergeUnder, prune, withDefaults, type Json, type Obj, type Schema } from '../../forms/schema';
import { t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { href, navigate } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { Attachments } from './Attachments';

type SaveState =
  { kind: 'saved'; at: string } | { kind: 'saving' } | { kind: 'unsaved' } | { kind: 'failed'; why: string };

const AUTOSAVE_MS = 1200;

/**
 * Saves the draft a moment after the last keystroke, over the version it last read. When the draft
 * moved on meanwhile (an attachment upload, another tab), it reads the new version and saves the
 * content typed here over it: what the user typed is never thrown away. A failure keeps the
 * content here and offers to save again.
 */
function useAutosave(draft: Draft) {
  const version = useRef(draft.version);
  const content = useRef<Obj>(draft.content as Obj);
  const timer = useRef<number | undefined>(undefined);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: draft.updatedAt ?? '' });
  const dirty = useRef(false);

  const save = async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (!dirty.current) return true;
    setState({ kind: 'saving' });
    const body = () => ({ version: version.current, content: (prune(content.current) ?? {}) as Obj });
    try {
      let saved: Draft;
      try {
        saved = await api.put<'/api/v1/seap/drafts/{id}', Draft>('/api/v1/seap/drafts/{id}', {
          path: { id: draft.id },
          body: body(),
        });
      } catch (e) {
        if (!(e instanceof ProblemError && e.status === 409)) throw e;
        const current = await api.get<'/api/v1/seap/drafts/{id}', Draft>('/api/v1/seap/drafts/{id}', {
          path: { id: draft.id },
        });
        version.current = current.version;
        saved = await api.put<'/api/v1/seap/drafts/{id}', Draft>('/api/v1/seap/drafts/{id}', {
          path: { id: draft.id },
          body: body(),
        });
      }
      version.current = saved.version;
      dirty.current = false;
      setState({ kind: 'saved', at: saved.updatedAt ?? new Date().toISOString() });
      return true;
    } catch (e) {
      setState({ kind: 'failed', why: describeProblem(e) });
      return false;
    }
  };
  const change = (next: Obj) => {
    content.current = next;
    dirty.current = true;
    setState({ kind: 'unsaved' });
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void save(), AUTOSAVE_MS);
  };
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      window.clearTimeout(timer.current);
      if (dirty.current) void save();
    };
  }, []);
  return { state, save, change, version };
}

function SaveLine({ state, retry }: { state: SaveState; retry(): void }) {
  return (
    <p class="save-state" role="status" aria-live="polite">
      {state.kind === 'saved' ? t('draft.saved', { at: dateTime(state.at) }) : null}
      {state.kind === 'saving' ? t('draft.saving') : null}
      {state.kind === 'unsaved' ? t('draft.unsaved') : null}
      {state.kind === 'failed' ? (
        <>
          {t('draft.saveFailed', { why: state.why })}{' '}
          <button type="button" class="link-button" onClick={retry}>
            {t('draft.saveAgain')}
          </button>
        </>
      ) : null}
    </p>
  );
}

/** EUP-13: an application to amend, suspend or revoke, filled with the permit's data where the API allows it. */
function Prefill({ content, onFill }: { content: Obj; onFill(form: Obj): void }) {
  const [note, setNote] = useState<string>();
  const purpose = content['purpose'];
  const permit = content['permitNumber'];
  if (!(purpose === 'amend' || purpose === 'suspend' || purpose === 'revoke') || typeof permit !== 'string' || !permit)
    return null;
  const fill = async () => {
    try {
      const r = await api.get<
        '/api/v1/szprot/permits/{permitNumber}/prefill',
        { prefilled: boolean; form?: Obj; rule?: string; reason?: string; message?: string }
      >('/api/v1/szprot/permits/{permitNumber}/prefill', { path: { permitNumber: permit }, query: { kind: purpose } });
      if (r.prefilled && r.form) {
        onFill(r.form);
        setNote(t('prefill.done'));
      } else setNote(t('prefill.refused', { why: r.message ?? r.reason ?? '', rule: r.rule ?? 'EUP-13' }));
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <div class="notice">
      <p>{t('prefill.lead')}</p>
      <button type="button" class="button button-secondary" onClick={fill}>
        {t('prefill.action')}
      </button>
      {note ? <p role="status">{note}</p> : null}
    </div>
  );
}

function Editor({ initial, form, reload }: { initial: Draft; form: Form; reload(): Promise<Draft> }) {
  const schema = form.schema as Schema;
  const [draft, setDraft] = useState(initial);
  const [content, setContent] = useState<Obj>(() => (withDefaults(schema, initial.content as Json) ?? {}) as Obj);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const auto = useAutosave(initial);
  useEffect(() => {
    // The schema's defaults shown in the form are saved too (they are part of what was "typed").
    if (JSON.stringify(prune(content)) !== JSON.stringify(prune(initial.content as Json))) auto.change(content);
  }, []);

  const change = (next: Obj) => {
    setContent(next);
    auto.change(next);
  };
  const attachmentsChanged = async () => {
    const fresh = await reload();
    auto.version.current = Math.max(auto.version.current, fresh.version);
    setDraft(fresh);
  };
  const refuse = (e: unknown) => {
    const { fields, items } = refusalOf(e, schema);
    setErrors(fields);
    setSummary(items);
    setVersion((n) => n + 1);
  };
  const generate = async () => {
    setBusy(true);
    try {
      if (!(await auto.save())) throw new Error(t('draft.notSaved'));
      const doc = await api.post<'/api/v1/seap/drafts/{id}/generate', DocumentView>(
        '/api/v1/seap/drafts/{id}/generate',
        { path: { id: draft.id } },
      );
      navigate(href(`/documents/${encodeURIComponent(doc.id)}/send`, { company: draft.companyId }));
    } catch (e) {
      refuse(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorSummary items={summary} version={version} />
      <SaveLine state={auto.state} retry={() => void auto.save()} />
      <Prefill content={content} onFill={(f) => change((mergeUnder(f as Json, content) ?? {}) as Obj)} />
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <p class="small">{t('draft.requiredNote')}</p>
        <SchemaForm schema={schema} value={content} errors={errors} onChange={change} />
        <Attachments draft={draft} form={form} changed={() => void attachmentsChanged()} />
        <div class="actions">
          <button type="button" class="button button-secondary" onClick={() => void auto.save()}>
            {t('draft.saveNow')}
          </button>
          <button type="submit" class="button" disabled={busy}>
            {t('draft.generate')}
          </button>
        </div>
        <p class="small">{t('draft.generateNote')}</p>
      </form>
    </>
  );
}

/** A draft (robocze) of any form, edited in the form rendered from its schema, saved as it is typed. */
export default function DraftEditor({ params }: { params: Record<string, string> }) {
  const id = params['id']!;
  const load = () => api.get<'/api/v1/seap/drafts/{id}', Draft>('/api/v1/seap/drafts/{id}', { path: { id } });
  const state = useAsync(async () => {
    const draft = await load();
    const form = await api.get<'/api/v1/forms/{code}', Form>('/api/v1/forms/{code}', {
      path: { code: draft.formCode as 'WDEUS01' },
    });
    return { draft, form };
  }, [id]);
  return (
    <Loaded state={state}>
      {({ draft, form }) => (
        <Page title={form.name} lead={form.description}>
          <Editor initial={draft} form={form} reload={load} />
        </Page>
      )}
    </Loaded>
  );
}

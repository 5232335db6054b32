import { isAppError } from '@puesc/kernel';
import type { CompanyVersion } from '../domain';
import { versionId, type RegistryStore } from '../store';

/** Writes the version records of REG-07: immutable, one per revision, never deleted. */
export interface VersionRecords {
  /**
   * Puts a version record in `versions`. A second write of the same revision (a retry, or a
   * replica repairing after a crash) is a harmless conflict. With `checkFirst` it reads before
   * writing (for repairs, where the record is usually there).
   */
  keep(v: CompanyVersion, checkFirst: boolean): Promise<void>;
}

/** Remembered version ids are bounded: forgetting one only costs one extra read. */
const REMEMBERED = 50_000;

export function versionRecords(store: RegistryStore): VersionRecords {
  // Records written (or found) by this process, so the check before each transition costs nothing
  // in the common case.
  const known = new Set<string>();
  const remember = (vid: string) => {
    known.add(vid);
    if (known.size > REMEMBERED) known.delete(known.values().next().value as string);
  };
  return {
    async keep(v, checkFirst) {
      const vid = versionId(v.companyId, v.revision);
      if (known.has(vid)) return;
      if (checkFirst && (await store.versions.get(vid))) return remember(vid);
      try {
        await store.versions.insert({ ...v, _id: vid });
      } catch (e) {
        if (!(isAppError(e) && e.type === 'conflict')) throw e;
      }
      remember(vid);
    },
  };
}

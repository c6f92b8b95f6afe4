import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { installRuntime } from '../../worker';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Histories recorded from earlier versions of the lead workflow (with `temporal workflow show --output json`). The
// current code must replay each of them exactly: a run started before a deploy continues after it. A change that
// breaks this needs `patched()`.
const HISTORIES = [
  'lead-before-lawful-hours.json',
  // Follow-ups sent before the due-time check of what is still missing existed (its context result lacks the count).
  'lead-before-completion-stop.json',
  // A planned follow-up cancelled because an admin settled every required item (the follow-up-stops-when-complete marker).
  'lead-follow-up-stopped-when-complete.json',
  // An admin settles every required item by hand: checklistChanged signals, the planned follow-up cancelled at once.
  'lead-checklist-changed-by-hand.json',
  // An admin's upload read before uploads reconsidered the planned follow-up; the follow-up went out after it.
  'lead-upload-before-reconsider.json',
];

describe('lead workflow replay', () => {
  for (const file of HISTORIES) {
    it(`replays ${file}`, async () => {
      installRuntime();
      const history = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/histories', file), 'utf8'));
      assert.ok(history.events.length > 50, 'a history with replies and follow-ups');
      // The JSON form is what the CLI and the Web UI export; the SDK converts it.
      await Worker.runReplayHistory({ workflowsPath: path.join(ROOT, 'workflows', 'index.ts') }, history);
    });
  }
});

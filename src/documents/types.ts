// Shared types of the document pipeline. Plain data only: no Temporal, no database.

export const DOCUMENT_TYPES = [
  'W2',
  'PAY_STUB',
  'BANK_STATEMENT',
  'DRIVERS_LICENSE',
  'STATE_ID',
  'PASSPORT',
  'TAX_RETURN_1040',
  'SCHEDULE_C',
  'SCHEDULE_E',
  'FORM_1099',
  'W9',
  'UTILITY_BILL',
  'INVOICE',
  'RECEIPT',
  'OTHER',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Clockwise degrees a page image was turned to read it upright. */
export type Rotation = 0 | 90 | 180 | 270;

/** What the bytes really are (magic numbers), whatever the filename or declared MIME type says. */
export type SniffedKind = 'pdf' | 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'heic' | 'bmp' | 'text' | 'unknown';

export interface ValidationResult {
  ruleName: string;
  isValid: boolean;
  isValidReason: string;
}

export interface Validation {
  overallValid: boolean;
  validationResults: ValidationResult[];
}

/** A positioned run of text on a page, top-left origin, in page units (PDF points or image pixels). */
export interface LayoutItem {
  str: string;
  x: number;
  y: number; // top of the item
  w: number;
  h: number;
}

/** One page after text extraction or OCR. */
export interface PageContent {
  /** 1-based page number in the file. */
  page: number;
  text: string;
  source: 'text-layer' | 'ocr' | 'form-fields';
  /** OCR mean confidence 0-100 when the page was OCR'd. */
  ocrConfidence?: number;
  /** Clockwise rotation OCR applied to read the page upright. */
  ocrRotation?: Rotation;
  /**
   * OCR'd pages: the lines of `text` with tesseract's confidence in each (see ocr-vote.ts) and, from tesseract, where
   * each sits in the image the OCR pool prepared (see w9-boxes.ts).
   */
  ocrLines?: { text: string; confidence: number; bbox?: { x0: number; y0: number; x1: number; y1: number } }[];
  /** Positioned items (text-layer or OCR lines) when known; used by form-aware extractors. */
  layout?: LayoutItem[];
  /** AcroForm field values on the page, if any (filled fillable PDFs keep their values only there). */
  formFields?: { name: string; value: string; x: number; y: number; w: number; h: number }[];
  width?: number;
  height?: number;
}

export interface AnalyzedSegment {
  type: DocumentType;
  /** 0..1 */
  confidence: number;
  /** 1-based page numbers of the file that form this document. */
  pages: number[];
  fields: Record<string, unknown>;
  validation: Validation;
  /** Mean OCR confidence 0-100 of the OCR'd pages of this segment, when any were OCR'd. */
  ocrConfidence?: number;
  /** 1-2 sentences for people and logs; SSNs and account numbers are masked. */
  summary: string;
  /** Set when a model also read the document (Claude configured): how its reading compared with the offline one. */
  review?: ModelReviewOutcome;
}

export interface ModelReviewOutcome {
  model: string;
  /** agreed: same type and no conflicting field; disagreed: see `disagreements`; unavailable: offline result only. */
  outcome: 'agreed' | 'disagreed' | 'unavailable';
  /** Readable, safe for an admin (identifiers masked), e.g. 'employer name: model "Acme Inc", offline "Acme Ltd"'. */
  disagreements: string[];
  /** Why the model's reading is missing (outcome unavailable). */
  reason?: string;
  /** The lender's item of no known type that the model took the document for ("Divorce decree"), by label. */
  checklistItem?: string;
}

export type RejectionCode = 'EMPTY' | 'TOO_LARGE' | 'CORRUPT' | 'ENCRYPTED' | 'UNSUPPORTED' | 'UNREADABLE';

export type DocumentAnalysis =
  | { kind: 'ok'; sniffedMimeType: string; pageCount: number; segments: AnalyzedSegment[] }
  | {
      kind: 'rejected';
      code: RejectionCode;
      /** For the admin / logs: what went wrong (no document text). */
      message: string;
      /** What to tell the lead, e.g. ask for an unlocked copy. */
      leadMessage: string;
      sniffedMimeType?: string;
    };

export interface LeadIdentity {
  firstName: string | null;
  lastName: string | null;
  businessName: string | null;
}

export interface AnalyzeInput {
  filename: string;
  declaredMimeType: string;
  bytes: Uint8Array;
  lead: LeadIdentity;
  now: Date;
  /** Files larger than this are rejected with TOO_LARGE. Default 25 MB. */
  maxBytes?: number;
  /** PDF pages read at most (default 60) and image-only pages OCR'd at most (default 12) per file. */
  maxPages?: number;
  maxOcrPages?: number;
}

/** A checklist item as the matcher needs it (shape of the checklist_items row). */
export interface ChecklistItemInput {
  id: string;
  code: string;
  label: string;
  fieldType: string;
  validationRules: string[];
  status: string;
}

export type MatchStatus = 'COMPLETED' | 'INVALID' | 'NEEDS_REVIEW';

export interface ItemMatch {
  itemId: string;
  status: MatchStatus;
  value: unknown;
  /** Why INVALID / NEEDS_REVIEW; null when COMPLETED. Safe to show an admin (no SSNs). */
  reason: string | null;
  /** Index into analysis.segments, or -1 when the whole file was rejected. */
  segmentIndex: number;
}

import type { FieldType } from '../../workflows/types';

export interface TemplateItem {
  code: string;
  label: string;
  fieldType: FieldType;
  isRequired: boolean;
  validationRules: string[];
  helpText?: string;
  /** What the lead is told when the agent asks for this item. */
  clientInstructions: string;
}

export interface ChecklistTemplate {
  code: string;
  name: string;
  groups: { name: string; items: TemplateItem[] }[];
}

// The shipped templates. Order matters: the agent asks for required items in this order.
export const CHECKLIST_TEMPLATES: ChecklistTemplate[] = [
  {
    code: 'small-business-loan',
    name: 'Small-business loan',
    groups: [
      {
        name: 'Business Information',
        items: [
          { code: 'business_name', label: 'Business legal name', fieldType: 'TEXT', isRequired: true,
            validationRules: ['Must be the legal name as registered'], clientInstructions: "your business's legal name" },
          { code: 'ein', label: 'Employer Identification Number (EIN)', fieldType: 'EIN', isRequired: true,
            validationRules: ['Nine digits, formatted XX-XXXXXXX'], clientInstructions: "your business's EIN" },
          { code: 'business_address', label: 'Business address', fieldType: 'ADDRESS', isRequired: true,
            validationRules: ['Street, city, state and ZIP'], clientInstructions: 'your business address' },
          { code: 'loan_amount', label: 'Requested loan amount', fieldType: 'NUMBER', isRequired: false,
            validationRules: [], clientInstructions: 'how much you would like to borrow' },
        ],
      },
      {
        name: 'Financial Documents',
        items: [
          { code: 'bank_statements', label: 'Business bank statements (last 3 months)', fieldType: 'BANK_STATEMENT',
            isRequired: true, validationRules: ['Files must be business bank statements (the account in the business name, not a personal account)', 'Most recent statement within 60 days', 'Three consecutive months'],
            clientInstructions: 'your last 3 months of business bank statements (PDFs are best)' },
          { code: 'tax_returns', label: 'Business tax returns (last 2 years)', fieldType: 'TAX_RETURN', isRequired: true,
            validationRules: ['Business tax returns for the last two years'],
            clientInstructions: 'your business tax returns for the last 2 years' },
        ],
      },
      {
        name: 'Ownership Information',
        items: [
          { code: 'owner_id', label: "Owner's government-issued ID", fieldType: 'ID', isRequired: true,
            validationRules: ['Must not be expired', 'Name should match the applicant'],
            clientInstructions: "a photo of the owner's driver's license or passport" },
        ],
      },
    ],
  },
  {
    code: 'personal-mortgage',
    name: 'Personal loan / mortgage',
    groups: [
      {
        name: 'Income',
        items: [
          { code: 'pay_stubs', label: 'Pay stubs (2 most recent)', fieldType: 'PAY_STUB', isRequired: true,
            validationRules: ['Two most recent pay stubs', 'Pay date within 30 days', 'Name should match the applicant'],
            clientInstructions: 'your 2 most recent pay stubs' },
          { code: 'w2', label: "Last year's W-2", fieldType: 'W2', isRequired: true,
            validationRules: ['W-2 for the last tax year', 'Name should match the applicant'],
            clientInstructions: "last year's W-2" },
        ],
      },
      {
        name: 'Assets',
        items: [
          { code: 'bank_statements', label: 'Bank statements (last 2 months)', fieldType: 'BANK_STATEMENT', isRequired: true,
            validationRules: ['Files must be bank statements', 'Most recent statement within 60 days', 'Two consecutive months'],
            clientInstructions: 'your last 2 months of bank statements' },
        ],
      },
      {
        name: 'Identity',
        items: [
          { code: 'government_id', label: 'Government-issued ID', fieldType: 'ID', isRequired: true,
            validationRules: ['Must not be expired', 'Name should match the applicant'],
            clientInstructions: "a photo of your driver's license or passport" },
        ],
      },
    ],
  },
];

export function findTemplate(code: string): ChecklistTemplate | undefined {
  return CHECKLIST_TEMPLATES.find((t) => t.code === code);
}

/** Template variables (issue 5 item 6): the closed list, free of the template engine so the web can show it. */

/** The variables a template may use; values are prepared (formatted, per locale) by the server. */
export const TEMPLATE_VARIABLES = [
  'debtorName', // 债务人姓名 (full name; masked in previews without cases.reveal)
  'caseRef', // client case reference
  'clientName', // the creditor (委托方)
  'collectorName', // assigned collector's display name
  'collectorPhone', // the agency's callback number (messaging settings)
  'agencyName', // the agency's name (messaging settings)
  'currency', // ISO code, e.g. CNY
  'outstanding', // outstanding balance, yuan "1,234.56"
  'placedAmount', // amount placed with the agency
  'principal',
  'interest',
  'fees', // penalty + late fee + other fees
  'paidAmount',
  'overdueDate', // first overdue date, locale date
  'dpd', // days past due (integer as text)
  'dueDate', // payment requested by (locale date)
  'today', // the sending date (locale date)
  'cardTail', // last 4 digits of the card number
  'letterNo', // letter number (letters only; "—" elsewhere)
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

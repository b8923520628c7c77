import type { ProviderTaxData } from '../../../shared/year-end/provider-tax';
import { maskTin } from '../../../shared/year-end/tin';

/**
 * A provider's tax data as the audit trail holds it (the tax-data dialog and the providers CSV
 * both write it): never a whole TIN, its last four digits say which number it was.
 */
export const maskedTaxData = (t: ProviderTaxData) => ({
  tinType: t.tinType,
  tin: t.tin && t.tinType ? maskTin(t.tinType, t.tin) : null,
  legalName: t.legalName,
  w9ReceivedOn: t.w9ReceivedOn,
  exemptReason: t.exemptReason,
});

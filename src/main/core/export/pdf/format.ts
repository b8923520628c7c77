// The PDFs write money through the one formatter (src/shared/format), which groups by hand
// (no toLocaleString: a remittance page prints ~100 amounts).
export { formatMoney as money } from '../../../../shared/format';

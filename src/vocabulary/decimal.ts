/**
 * A decimal number as the CSV contract writes one: an optional sign, digits with an optional
 * point, an optional exponent. One pattern for the row checker and for number attributes.
 *
 * @example DECIMAL.test("-1.5e3") // true
 */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

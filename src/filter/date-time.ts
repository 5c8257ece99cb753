/*
 * SCIM dateTime values (RFC 7643 §2.3.5: xsd:dateTime) compared as instants. Fractions of a
 * second may have any number of digits, so an instant keeps the digits beyond the millisecond
 * that JavaScript dates cannot hold.
 */

/** A point in time with arbitrary sub-millisecond precision. */
export interface Instant {
  /** Milliseconds since 1970-01-01T00:00:00Z, rounded down. */
  readonly epochMilliseconds: number;
  /** Decimal digits of the fraction of a second after the third, without trailing zeros. */
  readonly subMillisecondDigits: string;
}

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the range of four-digit years. */
export const MIN_FOUR_DIGIT_YEAR_MS = -62_167_219_200_000;
export const MAX_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})?$/;

/**
 * Parses an RFC 3339 date-time (`2011-05-13T04:42:34Z`, `2015-10-10T14:38:21.8617979-07:00`).
 * A value without an offset is read as UTC, as xsd:dateTime allows omitting it. A leap second
 * (`:60`) counts as the first instant of the next minute. Returns undefined for anything else.
 */
export function parseDateTime(text: string): Instant | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, offset] =
    match as unknown as [string, string, string, string, string, string, string, string?, string?];
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;

  const offsetMinutes = parseOffset(offset);
  if (offsetMinutes === undefined) return undefined;

  const digits = fraction ?? '';
  const milliseconds = Number(digits.slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, milliseconds);
  return {
    epochMilliseconds: date.getTime() - offsetMinutes * 60_000,
    subMillisecondDigits: digits.slice(3).replace(/0+$/, ''),
  };
}

function parseOffset(offset: string | undefined): number | undefined {
  if (offset === undefined || offset === 'Z' || offset === 'z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Orders two instants: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochMilliseconds !== b.epochMilliseconds) {
    return a.epochMilliseconds < b.epochMilliseconds ? -1 : 1;
  }
  // Both digit strings lack trailing zeros, so padding them to one length compares the fractions.
  const length = Math.max(a.subMillisecondDigits.length, b.subMillisecondDigits.length);
  const left = a.subMillisecondDigits.padEnd(length, '0');
  const right = b.subMillisecondDigits.padEnd(length, '0');
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

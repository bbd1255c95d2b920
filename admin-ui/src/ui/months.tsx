// Months the data covers: a month asked for in the URL is checked before it is sent, a month after the
// latest month with data is flagged, and date fields default to a day the data covers.
import '../forms.css';
import { Link } from 'react-router-dom';
import { endOfMonth, monthLabel, today } from './format';

/** Whether `value` is a month written `YYYY-MM` (months 01 to 12). */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The day date fields start on: the first day of the latest month with data (today while unknown). */
export function defaultDay(latestMonth: string | undefined): string {
  return latestMonth && isMonth(latestMonth) ? `${latestMonth}-01` : today();
}

/** Whether the day `YYYY-MM-DD` is after the last day of `latestMonth`. */
export function isAfterData(day: string, latestMonth: string | undefined): boolean {
  return Boolean(latestMonth && day && /^\d{4}-\d{2}-\d{2}$/.test(day) && day > endOfMonth(latestMonth));
}

/** The message for an `asOf` that is not a month, with a link to the latest month. */
export function InvalidMonth({ value, latestHref }: { value: string; latestHref: string }) {
  return (
    <section className="alert alert-error" role="alert" data-testid="invalid-month">
      <p>
        “{value}” is not a valid month. Write the month as YYYY-MM, for example 2024-06.
      </p>
      <p>
        <Link to={latestHref}>Show the latest month with data</Link>
      </p>
    </section>
  );
}

/** A notice when `month` is after `latestMonth`: there is no data yet for it. */
export function AfterDataNotice({ month, latestMonth }: { month: string | undefined; latestMonth: string | undefined }) {
  if (!month || !latestMonth || !isMonth(month) || month <= latestMonth) return null;
  return (
    <p className="notice" role="status" data-testid="after-data">
      There is no data for {monthLabel(month)} yet: the data ends in {monthLabel(latestMonth)} ({latestMonth}). Scores after
      it count nothing, so they show 0.
    </p>
  );
}

/** A warning under a date field when its day is after the latest month with data. */
export function DateAfterData({ day, latestMonth }: { day: string; latestMonth: string | undefined }) {
  if (!latestMonth || !isAfterData(day, latestMonth)) return null;
  return (
    <p className="field-warning" role="status" data-testid="date-after-data">
      {day} is after the latest month with data ({monthLabel(latestMonth)}): the score impact is judged on data up to{' '}
      {endOfMonth(latestMonth)}, so it may show no change.
    </p>
  );
}

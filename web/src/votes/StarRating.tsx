import { useId } from 'react';
import { RATINGS, type Rating } from './types.js';

/** Drawn, not a character: not every system's fonts have a star, and the outline shows an unfilled one. */
function StarIcon() {
  return (
    <svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24" strokeWidth="1.5" strokeLinejoin="round">
      <path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z" />
    </svg>
  );
}

/**
 * Five stars as a native radio group: arrow keys move between them, each is labelled for a screen
 * reader ("Rate Spring teaser 4 of 5"), and stars up to the chosen one are filled.
 */
export function StarRating({ subject, value, onChange }: { subject: string; value: Rating | null; onChange: (rating: Rating) => void }) {
  const name = useId();
  return (
    <fieldset className="star-rating" data-testid="star-rating">
      <legend className="visually-hidden">Your rating of {subject}</legend>
      {RATINGS.map((rating) => (
        <label key={rating} className={`star${value !== null && rating <= value ? ' filled' : ''}`}>
          <input type="radio" name={name} value={rating} checked={value === rating} aria-label={`Rate ${subject} ${rating} of 5`} onChange={() => onChange(rating)} />
          <StarIcon />
        </label>
      ))}
    </fieldset>
  );
}

// A <select> of the organization's units, indented as a tree, with an optional "none" entry.

import { unitTree, useUnits } from '../state/units';
import { SelectField } from './Field';

interface UnitSelectProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  emptyLabel: string;
  error?: string;
  exclude?: string;
  className?: string;
  name?: string;
}

export function UnitSelect({ label, value, onValue, emptyLabel, error, exclude, className, name }: UnitSelectProps) {
  const { units } = useUnits();
  const options = [
    { value: '', label: emptyLabel },
    ...unitTree(units)
      .filter(({ unit }) => unit.id !== exclude)
      .map(({ unit, depth }) => ({ value: unit.id, label: `${'\u00a0\u00a0'.repeat(depth)}${unit.name}` })),
  ];
  return (
    <SelectField
      label={label}
      value={value}
      onValue={onValue}
      options={options}
      error={error}
      className={className}
      name={name}
    />
  );
}

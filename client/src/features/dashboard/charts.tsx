/**
 * Small hand-made SVG charts: each is an image with a text alternative (role="img", a title and a
 * description that state the figures) and the same data as a table for those who would rather
 * read, or cannot see the picture. Drawn at the width they get, so text stays legible on a phone.
 */

import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n'
import { ScrollRegion } from '../../ui/scroll-region'
import './dashboard.css'

function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)))
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}

export interface TableData {
  caption: string
  columns: string[]
  rows: (string | number)[][]
}

function DataTable({ data }: { data: TableData }) {
  const { t } = useI18n()
  return (
    <details className="chart-table">
      <summary>{t('dashboard.showTable')}</summary>
      <ScrollRegion label={data.caption}>
        <table className="data-table">
          <caption>{data.caption}</caption>
          <thead>
            <tr>
              {data.columns.map((c, i) => (
                <th key={c} scope="col" className={i > 0 ? 'num' : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed row
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed row
                    <td key={i} className="num">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  )
}

/** The frame every chart shares: heading, the picture with its text alternative, the table. */
export function ChartFigure({
  id,
  title,
  summary,
  table,
  legend,
  empty = false,
  children,
}: {
  id: string
  title: string
  /** The text alternative: what a sighted reader would take from the picture. */
  summary: string
  /** Nothing to draw: the summary (which says so) is all the card shows. */
  empty?: boolean
  table: TableData
  legend?: ReactNode
  children: (ids: { titleId: string; descId: string }) => ReactNode
}) {
  const descId = useId()
  const titleId = `${id}-title`
  return (
    <section className="card chart-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <p id={descId} className={empty ? 'chart-summary empty-state' : 'chart-summary'}>
        {summary}
      </p>
      {empty ? null : (
        <>
          {legend}
          {children({ titleId, descId })}
          <DataTable data={table} />
        </>
      )}
    </section>
  )
}

/** Nice round steps for an axis from 0 to at least `max`; whole steps for counts. */
export function ticks(max: number, count = 4, whole = false): number[] {
  if (max <= 0) return [0, 1]
  const raw = max / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw
  const step = whole ? Math.max(1, Math.round(nice)) : nice
  const top = Math.ceil(max / step) * step
  const out: number[] = []
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v * 1000) / 1000)
  return out
}

/** Shortens a label to about `px` pixels of 13 px text (CJK characters count double). */
export function fitLabel(label: string, px: number): string {
  let used = 0
  let out = ''
  for (const ch of label) {
    used += (ch.codePointAt(0) ?? 0) > 0x2e80 ? 13 : 7.2
    if (used > px) return `${out.trimEnd()}…`
    out += ch
  }
  return out
}

export interface Bar {
  key: string
  label: string
  value: number
  /** The value as text (a count, "3.5 days") for the tooltip */
  text: string
  /** A value that was measured, though it may be zero (a sign-off given at once) */
  measured?: boolean
}

/** Vertical bars over a sequence (months). */
export function ColumnChart({
  title,
  whole = false,
  bars,
  labelledBy,
  describedBy,
  formatTick,
}: {
  bars: Bar[]
  labelledBy: string
  describedBy: string
  /** The chart's name, also as the SVG's own <title> */
  title: string
  formatTick: (value: number) => string
  /** Counts: whole-number steps on the axis */
  whole?: boolean
}) {
  const { ref, width } = useWidth<HTMLDivElement>(600)
  const height = 220
  const left = 40
  const bottom = 28
  const top = 10
  const axis = ticks(Math.max(0, ...bars.map((b) => b.value)), 4, whole)
  const max = axis[axis.length - 1] ?? 1
  const plotW = width - left - 8
  const plotH = height - top - bottom
  const slot = plotW / Math.max(1, bars.length)
  const barW = Math.min(48, slot * 0.7)
  // Label every nth bar so month names never overlap.
  const every = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(plotW / 56))))
  const y = (v: number) => top + plotH - (v / max) * plotH
  return (
    <div ref={ref} className="chart">
      <svg
        role="img"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title>{title}</title>
        {axis.map((v) => (
          <g key={v}>
            <line className="chart-gridline" x1={left} x2={width - 8} y1={y(v)} y2={y(v)} />
            <text className="chart-tick" x={left - 6} y={y(v) + 4} textAnchor="end">
              {formatTick(v)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = left + i * slot + (slot - barW) / 2
          const h = Math.max(0, y(0) - y(bar.value))
          return (
            <g key={bar.key}>
              <rect className="chart-bar" x={x} y={y(bar.value)} width={barW} height={h}>
                <title>{`${bar.label}: ${bar.text}`}</title>
              </rect>
              {i % every === 0 ? (
                <text className="chart-tick" x={x + barW / 2} y={height - 8} textAnchor="middle">
                  {bar.label}
                </text>
              ) : null}
            </g>
          )
        })}
        <line className="chart-axis" x1={left} x2={width - 8} y1={y(0)} y2={y(0)} />
      </svg>
    </div>
  )
}

export interface Series {
  key: string
  label: string
}

export function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.key}>
          <span className={`legend-swatch series-${s.key}`} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  )
}

/** One horizontal bar per row, split into segments by series (proposals by state). */
export function StackedBarChart({
  title,
  rows,
  series,
  labelledBy,
  describedBy,
}: {
  rows: { key: string; label: string; values: Record<string, number> }[]
  series: Series[]
  labelledBy: string
  describedBy: string
  /** The chart's name, also as the SVG's own <title> */
  title: string
}) {
  const { ref, width } = useWidth<HTMLDivElement>(600)
  const labelW = Math.min(180, Math.floor(width * 0.35))
  const rowH = 34
  const top = 6
  const height = top + rows.length * rowH + 24
  const totals = rows.map((r) => series.reduce((sum, s) => sum + (r.values[s.key] ?? 0), 0))
  const axis = ticks(Math.max(1, ...totals), 4, true)
  const max = axis[axis.length - 1] ?? 1
  const plotW = width - labelW - 16
  const x = (v: number) => labelW + (v / max) * plotW
  return (
    <div ref={ref} className="chart">
      <svg
        role="img"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title>{title}</title>
        {axis.map((v) => (
          <g key={v}>
            <line className="chart-gridline" x1={x(v)} x2={x(v)} y1={top} y2={height - 20} />
            <text className="chart-tick" x={x(v)} y={height - 6} textAnchor="middle">
              {v}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          let at = 0
          const y = top + i * rowH + 6
          return (
            <g key={row.key}>
              <text className="chart-label" x={labelW - 8} y={y + 15} textAnchor="end">
                {fitLabel(row.label, labelW - 14)}
              </text>
              {series.map((s) => {
                const value = row.values[s.key] ?? 0
                if (value === 0) return null
                const x0 = x(at)
                at += value
                return (
                  <rect
                    key={s.key}
                    className={`chart-segment series-${s.key}`}
                    x={x0}
                    y={y}
                    width={Math.max(1, x(at) - x0)}
                    height={rowH - 12}
                  >
                    <title>{`${row.label} · ${s.label}: ${value}`}</title>
                  </rect>
                )
              })}
            </g>
          )
        })}
      </svg>
    </div>
  )
}

/** One horizontal bar per row with its value written beside it (sign-off time per party). */
export function BarList({
  title,
  bars,
  labelledBy,
  describedBy,
  highlight,
}: {
  bars: Bar[]
  labelledBy: string
  describedBy: string
  /** The chart's name, also as the SVG's own <title> */
  title: string
  /** The key of the bar to mark (the bottleneck) */
  highlight?: string | null
}) {
  const { ref, width } = useWidth<HTMLDivElement>(600)
  const labelW = Math.min(200, Math.floor(width * 0.38))
  const valueW = 90
  const rowH = 40
  const height = bars.length * rowH + 8
  const max = Math.max(1e-9, ...bars.map((b) => b.value))
  const plotW = width - labelW - valueW
  return (
    <div ref={ref} className="chart">
      <svg
        role="img"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title>{title}</title>
        {bars.map((bar, i) => {
          const y = 4 + i * rowH
          // A measured value drawn as at least a sliver, so "under a minute" is not read as no data.
          const w = bar.value > 0 || bar.measured ? Math.max(2, (bar.value / max) * plotW) : 0
          return (
            <g key={bar.key}>
              <text className="chart-label" x={labelW - 8} y={y + 21} textAnchor="end">
                {fitLabel(bar.label, labelW - 14)}
              </text>
              <rect
                className={`chart-bar${bar.key === highlight ? ' chart-bar-highlight' : ''}`}
                x={labelW}
                y={y + 6}
                width={w}
                height={rowH - 16}
              >
                <title>{`${bar.label}: ${bar.text}`}</title>
              </rect>
              <text className="chart-value" x={labelW + w + 6} y={y + 22}>
                {bar.text}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

// Marker pagination as Lambda does it: an opaque NextMarker, absent on the last page, and a page
// size capped by the service whatever MaxItems asks for.

import {invalidParameter} from './errors.js'
import {queryInteger} from './inputs.js'

export interface PageRequest {
  query: URLSearchParams
  /** The most the service returns per call. */
  serviceCap: number
  /** The model's maximum for MaxItems (larger values are a ValidationException). */
  modelMax: number
}

export interface Page<T> {
  items: T[]
  nextMarker?: string
}

export function paginate<T>(all: readonly T[], {query, serviceCap, modelMax}: PageRequest): Page<T> {
  const maxItems = queryInteger(query, 'MaxItems', 1, modelMax) ?? serviceCap
  const start = decodeMarker(query.get('Marker'))
  const end = start + Math.min(maxItems, serviceCap)
  const items = all.slice(start, end)
  return end < all.length ? {items, nextMarker: encodeMarker(end)} : {items}
}

function encodeMarker(offset: number): string {
  return Buffer.from(`lx-sandbox:${offset}`).toString('base64url')
}

function decodeMarker(marker: string | null): number {
  if (marker === null || marker === '') return 0
  const match = /^lx-sandbox:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'))
  if (!match) throw invalidParameter('Invalid marker value.')
  return Number(match[1])
}

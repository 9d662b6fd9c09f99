// Reading request members with the model's types and constraints. The SDK does not validate
// constraints client-side, so a wrong value reaches the service and must be refused here.

import {AwsError} from '../protocol.js'
import {constraintViolation, missingMember} from './errors.js'

/** lowerCamel member path as AWS prints it in validation messages. */
function memberPath(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new AwsError('SerializationException', 400, `${name} must be a string`)
  return value
}

export function optionalInteger(body: Record<string, unknown>, name: string, min?: number, max?: number): number | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new AwsError('SerializationException', 400, `${name} must be an integer`)
  checkRange(memberPath(name), value, min, max)
  return value
}

export function requiredInteger(body: Record<string, unknown>, name: string, min?: number, max?: number): number {
  const value = optionalInteger(body, name, min, max)
  if (value === undefined) throw missingMember(memberPath(name))
  return value
}

export function checkRange(member: string, value: number, min?: number, max?: number): void {
  if (min !== undefined && value < min) throw constraintViolation(member, value, `Member must have value greater than or equal to ${min}`)
  if (max !== undefined && value > max) throw constraintViolation(member, value, `Member must have value less than or equal to ${max}`)
}

/** An integer query member (MaxItems); absent → undefined. */
export function queryInteger(query: URLSearchParams, name: string, min?: number, max?: number): number | undefined {
  const raw = query.get(name)
  if (raw === null || raw === '') return undefined
  if (!/^-?\d+$/.test(raw)) throw new AwsError('SerializationException', 400, `${name} must be an integer`)
  const value = Number(raw)
  checkRange(memberPath(name), value, min, max)
  return value
}

export function optionalObject(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw new AwsError('SerializationException', 400, `${name} must be an object`)
  return value as Record<string, unknown>
}

export function optionalStringList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new AwsError('SerializationException', 400, `${name} must be a list of strings`)
  }
  return value as string[]
}

export function optionalStringMap(body: Record<string, unknown>, name: string): Record<string, string> | undefined {
  const value = optionalObject(body, name)
  if (value === undefined) return undefined
  if (Object.values(value).some((item) => typeof item !== 'string')) throw new AwsError('SerializationException', 400, `${name} values must be strings`)
  return value as Record<string, string>
}

// The terminal's size, updated on resize so the layout follows the window.
import {useStdout} from 'ink'
import {useEffect, useState} from 'react'

export interface TerminalSize {
  columns: number
  rows: number
}

const FALLBACK: TerminalSize = {columns: 100, rows: 30}

export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout()
  const read = (): TerminalSize => ({columns: stdout?.columns || FALLBACK.columns, rows: stdout?.rows || FALLBACK.rows})
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (!stdout) return
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return size
}

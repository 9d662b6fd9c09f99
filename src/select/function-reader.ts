// Reads of function configuration shared by selection and the commands after it, so the same
// function is never fetched twice in one run.
import {type FunctionConfiguration, GetFunctionCommand, type GetFunctionCommandOutput, type LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda'

export class FunctionReader {
  private readonly details = new Map<string, Promise<GetFunctionCommandOutput>>()

  constructor(readonly lambda: LambdaClient) {}

  /** GetFunction (100/s budget): configuration, tags and reserved concurrency in one call. */
  getFunction(name: string): Promise<GetFunctionCommandOutput> {
    let pending = this.details.get(name)
    if (!pending) {
      pending = this.lambda.send(new GetFunctionCommand({FunctionName: name}))
      pending.catch(() => this.details.delete(name))
      this.details.set(name, pending)
    }

    return pending
  }

  /** Forget what was read, e.g. before re-planning on fresh state. */
  forget(name: string): void {
    this.details.delete(name)
  }

  /**
   * Every function's $LATEST configuration, 50 per page. `onPage` sees each page as it arrives, so
   * per-function reads can start while later pages are still being listed.
   */
  async listFunctions(onPage?: (page: FunctionConfiguration[], total: number) => void): Promise<FunctionConfiguration[]> {
    const all: FunctionConfiguration[] = []
    let marker: string | undefined
    do {
      // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
      const page = await this.lambda.send(new ListFunctionsCommand({Marker: marker, MaxItems: 50}))
      all.push(...(page.Functions ?? []))
      onPage?.(page.Functions ?? [], all.length)
      marker = page.NextMarker
    } while (marker)
    return all
  }
}

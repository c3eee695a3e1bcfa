import { Injectable, PipeTransform } from '@nestjs/common';
import { invalidInput } from '../errors/domain-error';

/** Path ids are opaque strings; anything longer than an id can be is refused before the store. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > 64 ||
      !/^[\x21-\x7e]+$/.test(value)
    ) {
      throw invalidInput('VALIDATION.FAILED', [
        { field: 'id', reason: 'must be an id as returned by this API' },
      ]);
    }
    return value;
  }
}

@Injectable()
export class EconomyCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Z]{2}$/.test(value)) {
      throw invalidInput('VALIDATION.FAILED', [
        { field: 'code', reason: 'must be an economy code (two capital letters)' },
      ]);
    }
    return value;
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SearchQuery, SearchResponse } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('v1/search')
export class SearchController {
  constructor(@Inject(SearchService) private readonly search: SearchService) {}

  /** Profiles, needs and offers ranked by similarity of meaning to `q`, with the score. */
  @Get()
  @ApiOkResponse({ type: SearchResponse })
  find(@Query() q: SearchQuery): Promise<SearchResponse> {
    return this.search.search(q);
  }
}

import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { Page } from '../common/http/pagination';
import { IdParamPipe } from '../common/http/params';
import {
  CreateMemberDto,
  MemberListQuery,
  MemberPage,
  MemberResponse,
  UpdateMemberDto,
} from './member.dto';
import { MemberView, MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('v1/members')
export class MembersController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  @Post()
  @ApiCreatedResponse({ type: MemberResponse })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateMemberDto): Promise<MemberView> {
    return this.members.create(p, body);
  }

  @Get()
  @ApiOkResponse({ type: MemberPage })
  list(@CurrentPrincipal() p: Principal, @Query() q: MemberListQuery): Promise<Page<MemberView>> {
    return this.members.list(p, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: MemberResponse })
  get(@CurrentPrincipal() p: Principal, @Param('id', IdParamPipe) id: string): Promise<MemberView> {
    return this.members.get(p, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: MemberResponse })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParamPipe) id: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberView> {
    return this.members.update(p, id, body);
  }
}

import { Injectable } from '@nestjs/common';

/** Records that carry their cluster's economy (members, items) and move with it. */
export interface EconomyFollower {
  followClusterEconomy(clusterId: string, economy: string, at: string): Promise<unknown>;
}

/**
 * Members and items carry their cluster's economy (docs/decisions.md §6) so every store filters
 * and matches by economy without joins. They register here from their own modules, so that a
 * cluster's move changes them in the same unit of work while clusters/ knows neither of them.
 */
@Injectable()
export class ClusterEconomyFollowers {
  private readonly followers: EconomyFollower[] = [];

  register(follower: EconomyFollower): void {
    this.followers.push(follower);
  }

  /** Moves every follower; call inside the unit of work that moves the cluster. */
  async follow(clusterId: string, economy: string, at: string): Promise<void> {
    for (const follower of this.followers)
      await follower.followClusterEconomy(clusterId, economy, at);
  }
}

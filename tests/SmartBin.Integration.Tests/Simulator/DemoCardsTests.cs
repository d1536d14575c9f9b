using System.Collections.Generic;
using SmartBin.Gateway.Storage;
using SmartBin.Simulator.Fleet;
using Xunit;

namespace SmartBin.Integration.Tests.Simulator
{
    /// <summary>The gateway's demo seed registers exactly the cards the simulator's residents carry, one bin each.</summary>
    public sealed class DemoCardsTests
    {
        private const int BinSeeds = 1_001; // fleets up to the simulator's 1,000 bins, seed 1

        [Fact]
        public void Simulator_and_gateway_seed_agree_and_no_card_is_shared_between_bins()
        {
            var seen = new HashSet<string>();
            for (int seed = 0; seed <= BinSeeds; seed++)
            {
                var residents = new ResidentModel(seed, "PET", residentCount: StorageSeeds.DemoResidentsPerBin);
                for (int index = 0; index < StorageSeeds.DemoResidentsPerBin; index++)
                {
                    string card = residents.Cards[index];
                    Assert.Equal(StorageSeeds.DemoCardUid(seed, index), card);
                    Assert.Matches("^[0-9A-F]{8}$", card);
                    Assert.True(seen.Add(card), $"card {card} of seed {seed} is also another bin's");
                }
            }
        }

        [Fact]
        public void Small_fleets_keep_the_cards_the_readme_names()
        {
            // README: with ./run.sh's 8 bins, spare bin baiyun-0005 is bin 8 of seed 1, cards 13000000..13000027.
            Assert.Equal("13000003", StorageSeeds.DemoCardUid(1 + 8, 3));
            Assert.Equal("0B000003", ResidentModel.CardUid(1, 3));
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>Tables of customer assurance: questionnaires and their answers (the approved ones are the answer library).</summary>
internal static class AssuranceModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Questionnaire>(e =>
        {
            e.ToTable("questionnaires");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.Format).HasMaxLength(8);
            e.Property(x => x.ImportedBy).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.SystemId);
            e.HasOne<AiSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<QuestionnaireAnswer>(e =>
        {
            e.ToTable("questionnaire_answers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.QuestionnaireId).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.QuestionRef).HasMaxLength(100);
            e.Property(x => x.Question).HasMaxLength(4000);
            e.Property(x => x.QuestionKey).HasMaxLength(4000);
            e.Property(x => x.ScoresJson).HasMaxLength(4000);
            e.Property(x => x.Answer).HasMaxLength(8000);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.ReusedFromId).HasMaxLength(40);
            e.Property(x => x.EditedBy).HasMaxLength(200);
            e.Property(x => x.ApprovedBy).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.QuestionnaireId, x.Row });
            e.HasIndex(x => x.State);
            e.HasOne<Questionnaire>().WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
